#!/usr/bin/env bash
# Fails when the tree stops showing its dependency graph (issue 14; docs/architecture.md):
#  1. a library's private src/ is reached from outside it — a CMakeLists.txt that names another
#     folder's src/, an include directory made PUBLIC or INTERFACE on a src/ folder, or an
#     #include that climbs into a src/ folder by path;
#     and a Catch2 test name holds ';', which CTest splits into two names that match nothing;
#  2. a production file is over 600 lines without saying why in a comment at its top, a line
#     starting "// Over 600 lines:" within its first 10 lines.
# The engine's purity is checked by tools/check-format.sh; the picture of the graph in
# docs/architecture.md is compared with CMake's own by the `architecture_graph` test.
set -euo pipefail
cd "$(dirname "$0")/.."

failed=0
fail() {
  echo "check-tree: $*" >&2
  failed=1
}

# 1. Private src/ folders.
while IFS= read -r hit; do
  fail "a src/ folder reached from another part: $hit"
done < <(git grep -n -E 'PROJECT_SOURCE_DIR\}/[^ )]*/src' -- '*CMakeLists.txt' || true)

while IFS= read -r file; do
  # target_include_directories(<target> ... PUBLIC|INTERFACE ... src ...) over several lines.
  awk -v f="$file" '
    /target_include_directories\(/ { inside = 1; scope = ""; text = "" }
    inside { text = text " " $0 }
    inside && /\)/ {
      n = split(text, w, /[ \t]+/)
      for (i = 1; i <= n; i++) {
        if (w[i] == "PUBLIC" || w[i] == "INTERFACE" || w[i] == "PRIVATE") scope = w[i]
        else if (scope != "PRIVATE" && w[i] ~ /\/src(\)|>|$)/) print f ": " scope " include directory " w[i]
      }
      inside = 0
    }' "$file"
done < <(git ls-files '*CMakeLists.txt') | while IFS= read -r hit; do
  echo "check-tree: a src/ folder made public: $hit" >&2
  echo x
done | grep -q x && failed=1

while IFS= read -r hit; do
  fail "an #include that reaches into a src/ folder: $hit"
done < <(git grep -n -E '#include *"([^"]*/)?src/' -- '*.cc' '*.h' || true)
# Production code reaches other folders only through a library's include/ directory.
while IFS= read -r hit; do
  fail "an #include that climbs out of its folder (link the library and include its header): $hit"
done < <(git grep -n -E '#include *"\.\./' -- engine lib question-bank server client tools || true)

# CMake splits a discovered test's name at ';', and the halves match no test.
while IFS= read -r hit; do
  fail "a test name with ';' (CTest would split it): $hit"
done < <(git grep -n -E '(TEST_CASE|SCENARIO)\("[^"]*;' -- tests || true)

# 2. Long production files.
while IFS= read -r file; do
  lines=$(wc -l < "$file")
  if ((lines > 600)) && ! head -n 10 "$file" | grep -q '^// Over 600 lines:'; then
    fail "$file has $lines lines: split it by responsibility, or say why not at its top (// Over 600 lines: ...)"
  fi
done < <(git ls-files -- 'engine/*.cc' 'engine/*.h' 'lib/*.cc' 'lib/*.h' 'question-bank/*.cc' \
  'question-bank/*.h' 'server/*.cc' 'server/*.h' 'client/*.cc' 'client/*.h' 'tools/*.cc' 'tools/*.h')

if ((failed)); then
  exit 1
fi
echo "check-tree: ok"
