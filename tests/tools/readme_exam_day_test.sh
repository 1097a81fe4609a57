#!/usr/bin/env bash
# Issue 13 item 26: the README's exam day is tools/exam-day.sh, line for line. The README shows
# the lines between the script's "exam day: begin" and "exam day: end" markers inside a ```sh
# block that follows the line "<!-- tools/exam-day.sh -->"; any difference fails, with the diff.
#
#   bash tests/tools/readme_exam_day_test.sh SOURCE_DIR
set -euo pipefail
src=$1
script=$(sed -n '/^# ---- exam day: begin/,/^# ---- exam day: end/p' "$src/tools/exam-day.sh" |
  sed '1d;$d')
readme=$(sed -n '/^<!-- tools\/exam-day.sh -->$/,/^```$/p' "$src/README.md" | sed '1,2d;$d')
if [ -z "$script" ]; then
  echo "FAIL: no exam day block in tools/exam-day.sh" >&2
  exit 1
fi
if [ "$script" != "$readme" ]; then
  echo "FAIL: README.md's exam day differs from tools/exam-day.sh (< script, > README):" >&2
  diff <(echo "$script") <(echo "$readme") >&2 || true
  exit 1
fi
echo "readme_exam_day_test: ok ($(echo "$script" | wc -l) lines)"
