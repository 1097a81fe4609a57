#!/usr/bin/env bash
# Sets up the machine, builds khaothi (release preset) and runs the demo centre in ./demo:
# a fresh bank database loaded from question-bank/data, checked against the default blueprints.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

bash tools/setup.sh
cmake --preset release >/dev/null
cmake --build --preset release -j "$(nproc)"

bin="$root/build/release/tools"
demo="$root/demo"
rm -rf "$demo"
mkdir -p "$demo"
cd "$demo"

echo "== qbank validate question-bank/data"
"$bin/qbank" validate "$root/question-bank/data"
echo "== qbank init + import"
"$bin/qbank" init
"$bin/qbank" import "$root/question-bank/data"
for bp in "$root"/question-bank/data/blueprints/*.blueprint; do
  echo "== qbank stats --blueprint $(basename "$bp")"
  "$bin/qbank" stats --blueprint "$bp"
done
"$bin/qbank" review-export --out "$demo/review.html"
echo
echo "Demo centre ready in $demo (bank: $demo/center.db, review document: $demo/review.html)."
