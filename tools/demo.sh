#!/usr/bin/env bash
# The README's first command. Sets up this machine, builds the programs the demo runs (release
# preset; not the test suites, which tools/test.sh builds) and runs a demo centre in ./demo: the
# centre's question bank, one exam session (ca thi) with one room of 30 candidates, their login
# slips, and khaothi-server running until Ctrl-C. The server listens on every address of this
# machine (0.0.0.0:8443), as a lab server must: the lab's PCs reach it over the network.
#
#   bash tools/demo.sh [khaothi-server options, e.g. --listen-address=127.0.0.1]
#
# KHAOTHI_DEMO_BIN (default build/release) and KHAOTHI_DEMO_DIR (default ./demo) move the
# programs and the demo centre (tests/tools/demo_test.sh uses them).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

bash tools/setup.sh
cmake --preset release >/dev/null
# Only the programs the demo uses, not the test suites and benchmarks (most of the 169 targets).
cmake --build --preset release -j "$(nproc)" \
  --target khaothi-server khaothi qbank khaothi-client

bin=${KHAOTHI_DEMO_BIN:-$root/build/release}
demo=${KHAOTHI_DEMO_DIR:-$root/demo}
khaothi() { "$bin/tools/khaothi" --data "$demo" "$@"; }

rm -rf "$demo"
echo "== khaothi init: the centre's database, lab TLS certificates and receipt key"
"$bin/tools/khaothi" init --data "$demo" --center-code DEMO --name "Trung tâm GDTX Demo"
echo "== qbank: validate and import the centre's bank (IU01–IU06)"
"$bin/tools/qbank" validate "$root/question-bank/data"
"$bin/tools/qbank" --db "$demo/center.db" import "$root/question-bank/data"
"$bin/tools/qbank" --db "$demo/center.db" stats \
  --blueprint "$root/question-bank/data/blueprints/basic-30.blueprint" | tail -3
echo "== a session of 30 candidates in room P101"
khaothi session create --id DEMO-S1 --name "Ca thi chứng chỉ ứng dụng CNTT cơ bản" \
  --date "$(date +%F)" --blueprint "$root/question-bank/data/blueprints/basic-30.blueprint" \
  --rooms P101
khaothi candidates import --session DEMO-S1 "$root/tools/demo/candidates.csv"
khaothi slips --session DEMO-S1 --out "$demo/slips.html"
khaothi session open DEMO-S1
echo "== a proctor account for room P101 (the dashboard's login)"
printf 'giamthi-demo\n' | khaothi user add giamthi --role proctor --name "Cán bộ coi thi Demo" \
  --password-stdin
khaothi user assign giamthi --session DEMO-S1 --room P101

echo
echo "== a few login slips (all 30 are in $demo/slips.html):"
paste -d' ' \
  <(grep -o '<td class="sbd">[^<]*' "$demo/slips.html" | sed 's/.*>//') \
  <(grep -o '<span class="pw">[^<]*' "$demo/slips.html" | sed 's/.*>//') \
  <(grep -o '<td class="name">[^<]*' "$demo/slips.html" | sed 's/.*>//') |
  head -3 | while read -r sbd pw name; do
    printf '   số báo danh %s   mật khẩu %s   (%s)\n' "$sbd" "$pw" "$name"
  done
echo
echo "Candidates connect with:  $bin/client/khaothi-client --config $demo/client/khaothi-client.conf"
echo "Proctor dashboard:        https://127.0.0.1:8443/   (user giamthi, password giamthi-demo)"
echo
if [[ " $* " != *" --listen-address"* ]]; then
  echo "NOTE: khaothi-server listens on 0.0.0.0, every network address of this machine, as a lab"
  echo "      server must: any PC that can reach this one can open the dashboard's login page."
  echo "      To keep the demo on this machine only: bash tools/demo.sh --listen-address=127.0.0.1"
fi
echo "Stop the server with Ctrl-C."
echo
exec "$bin/server/khaothi-server" --data "$demo" "$@"
