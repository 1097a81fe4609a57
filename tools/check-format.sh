#!/usr/bin/env bash
# Fails when a C++ file in the tree is not formatted with the project's .clang-format, or when
# engine/ includes an I/O library (it must stay pure; DESIGN.md §2).
set -euo pipefail
cd "$(dirname "$0")/.."

mapfile -t files < <(git ls-files '*.cc' '*.h')
if ((${#files[@]})); then
  clang-format --dry-run -Werror "${files[@]}"
fi
if grep -R -n -E '#include *[<"](boost/|openssl/|sqlite3\.h|ncurses)' engine; then
  echo "check-format: engine/ must not include I/O libraries" >&2
  exit 1
fi
echo "check-format: ok (${#files[@]} files)"
