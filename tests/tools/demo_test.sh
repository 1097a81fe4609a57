#!/usr/bin/env bash
# Issue 13 item 27: `bash tools/demo.sh` (README command 1) builds only the programs the demo
# runs, not all ~170 targets with every test suite, and tells the user that the server listens
# on every address of the machine. cmake is replaced by a stub that records its arguments; the
# programs come from this build; the demo runs for real until its server is listening.
#
#   bash tests/tools/demo_test.sh SOURCE_DIR BUILD_DIR
set -euo pipefail
src=$1
build=$2
work=$(mktemp -d /tmp/khaothi-demo-test.XXXXXX)
pid=""
cleanup() {
  if [ -n "$pid" ]; then kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
fail() {
  echo "FAIL: $*" >&2
  echo "---- demo output:" >&2
  cat "$work/out" >&2 || true
  echo "---- cmake calls:" >&2
  cat "$work/cmake.log" >&2 || true
  exit 1
}

mkdir "$work/stub"
printf '#!/bin/sh\necho "$*" >> "%s/cmake.log"\n' "$work" >"$work/stub/cmake"
chmod +x "$work/stub/cmake"
: >"$work/cmake.log"

PATH="$work/stub:$PATH" KHAOTHI_DEMO_BIN="$build" KHAOTHI_DEMO_DIR="$work/demo" \
  bash "$src/tools/demo.sh" --listen-port=0 >"$work/out" 2>&1 &
pid=$!
# A bound against a hang, not a timing check: under a sanitizer on a loaded machine the demo
# takes over a minute to reach its listener.
for _ in $(seq 1 2400); do
  grep -q 'listening on' "$work/out" && break
  kill -0 "$pid" 2>/dev/null || fail "the demo ended before its server listened"
  sleep 0.1
done
grep -q 'listening on 0.0.0.0:' "$work/out" || fail "the server is not listening on 0.0.0.0"

# Every build names its targets; together they are exactly the programs the demo runs.
builds=$(grep -c -- '--build' "$work/cmake.log" || true)
[ "$builds" -ge 1 ] || fail "demo.sh built nothing"
if grep -- '--build' "$work/cmake.log" | grep -qv -- '--target'; then
  fail "a build without --target builds every target"
fi
targets=$(grep -- '--build' "$work/cmake.log" | sed 's/.*--target//' | tr ' ' '\n' | grep -v '^$' |
  sort -u)
runs=$(grep -o '\$bin/[a-z/-]*' "$src/tools/demo.sh" | sed 's|.*/||' | sort -u)
[ "$targets" = "$runs" ] || fail "built [$(echo $targets)] but the demo runs [$(echo $runs)]"

# The user is told, in the output, that the server is reachable from the network.
grep -q 'NOTE: khaothi-server listens on 0.0.0.0' "$work/out" || fail "no word about 0.0.0.0"
grep -q -- '--listen-address=127.0.0.1' "$work/out" || fail "no word on how to stay local"
echo "demo_test: ok (built: $(echo $targets))"
