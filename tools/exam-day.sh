#!/usr/bin/env bash
# A centre's exam day, from an empty directory to a verified certificate, as the commands a
# centre's staff type. The README's "A centre's exam day" shows the lines between the two
# "exam day" markers below verbatim (the CTest test readme_exam_day_matches checks it), and the
# test exam_day_script runs this file, so the README's day cannot stop working unnoticed.
#
#   bash tools/exam-day.sh [WORKDIR]
#
# Runs in WORKDIR (default: a new temporary directory, kept and printed at the end): the centre's
# data directory WORKDIR/centre, the head of centre's issuing key WORKDIR/usb (a USB stick in real
# life, never on the server) and everything printed in WORKDIR/out. The server listens on
# 127.0.0.1 at a free port, and the lab is simulated: khaothi-sim-candidates logs the candidates
# of the printed slips in with the real client library (on a real lab PC each candidate runs
# khaothi-client --config khaothi-client.conf instead). Programs are taken from KHAOTHI_BIN
# (default build/dev); nothing outside WORKDIR is written.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
bin=${KHAOTHI_BIN:-$root/build/dev}
for p in tools/khaothi tools/qbank tools/khaothi-verify tools/khaothi-sim-candidates \
  server/khaothi-server; do
  if [ ! -x "$bin/$p" ]; then
    echo "exam-day: $bin/$p is missing; build it first (cmake --preset dev && cmake --build" \
      "--preset dev --target khaothi qbank khaothi-verify khaothi-sim-candidates khaothi-server)" >&2
    exit 1
  fi
done
export PATH="$bin/tools:$bin/server:$PATH"
cd "$root" # the block names question-bank/ and tools/demo/ relative to the source tree

work=${1:-$(mktemp -d /tmp/khaothi-exam-day.XXXXXX)}
rm -rf "$work"
mkdir -p "$work"
work=$(cd "$work" && pwd)
export D="$work/centre" KEY="$work/usb/issuer-key.pem" OUT="$work/out" HOST=127.0.0.1 PORT=0
# The head of centre types the issuing key's passphrase when asked; a script passes it here.
export KHAOTHI_PASSPHRASE=${KHAOTHI_PASSPHRASE:-"mật khẩu của khóa cấp chứng chỉ (thử)"}
SERVER=""
stop_server() {
  if [ -n "$SERVER" ] && kill -0 "$SERVER" 2>/dev/null; then
    kill -TERM "$SERVER"
    wait "$SERVER" || true
  fi
}
trap stop_server EXIT

# ---- exam day: begin (README.md shows these lines) ----
D=${D:-/srv/khaothi}                  # the centre's data directory, on the server
KEY=${KEY:-/media/usb/issuer-key.pem} # the head of centre's issuing key: never on the server
OUT=${OUT:-$HOME/ngay-thi}            # printouts: slips, score sheet, certificates
HOST=${HOST:-192.168.1.10}            # the server's address in the lab
PORT=${PORT:-8443}                    # 0 picks a free port
S=$(date +%F)-S1                      # the session (ca thi) held today
umask 077                             # slips, marks and cookies: for the staff's eyes only
mkdir -p "$OUT"
PROCTOR_PASSWORD=$(openssl rand -hex 8) # the proctor's dashboard password, handed over in person

# Before the day: the centre, its bank, the session, the candidates, their slips, the proctor.
khaothi init --data "$D" --center-code TTGDTX-LA --name "Trung tâm GDTX Long An" --host "$HOST" \
  --place "Long An" --supervisor "SỞ GIÁO DỤC VÀ ĐÀO TẠO LONG AN"
qbank --db "$D/center.db" import question-bank/data
khaothi --data "$D" session create --id "$S" --name "Ca 1" --date "$(date +%F)" \
  --blueprint question-bank/data/blueprints/basic-30.blueprint --rooms P101
khaothi --data "$D" candidates import --session "$S" tools/demo/danh-sach.csv
khaothi --data "$D" slips --session "$S" --out "$OUT/phieu-dang-nhap.html"
printf '%s\n' "$PROCTOR_PASSWORD" | khaothi --data "$D" user add lan --role proctor \
  --name "Nguyễn Thị Lan" --password-stdin
khaothi --data "$D" user assign lan --session "$S" --room P101
khaothi --data "$D" session open "$S"

# The day: the server (the proctors' dashboard is https://$HOST:$PORT/).
khaothi-server --data "$D" --listen-port="$PORT" >"$OUT/server.log" 2>&1 &
SERVER=$!
until grep -q 'listening on' "$OUT/server.log"; do kill -0 $SERVER && sleep 0.2; done
PORT=$(sed -n 's/.*listening on [^ ]*:\([0-9]*\).*/\1/p' "$OUT/server.log" | head -1)
# Candidates sit at the lab PCs (khaothi-client --config khaothi-client.conf on each PC; here
# simulated: each candidate of the slips logs in, waits for the unlock, answers and submits).
khaothi-sim-candidates --config "$D/client/khaothi-client.conf" --port "$PORT" \
  --slips "$OUT/phieu-dang-nhap.html" --data "$D" --session "$S" --right 30,27,9,24,18 \
  >"$OUT/phong-may.log" 2>&1 &
LAB=$!
# The proctor logs in to the dashboard, checks each candidate's ID and unlocks them all (the
# dashboard's "Mở khóa tất cả" button does the same request; docs/proctor.md).
web() { curl -sS --fail --cacert "$D/tls/ca.pem" -b "$OUT/cookies" -c "$OUT/cookies" "$@"; }
web -o /dev/null --data-urlencode username=lan --data-urlencode "password=$PROCTOR_PASSWORD" \
  "https://$HOST:$PORT/login"
CSRF=$(web "https://$HOST:$PORT/room/$S/P101" | sed -n 's/.*data-csrf="\([0-9a-f]*\)".*/\1/p')
until [[ $(web "https://$HOST:$PORT/api/room/$S/P101/seats") == *'"waiting":5'* ]]; do
  kill -0 $LAB && sleep 0.2 # all 5 candidates wait at a PC
done
web -H "X-CSRF-Token: $CSRF" -H 'Content-Type: application/json' \
  -d '{"all":true,"reason":"Đã đối chiếu CCCD"}' "https://$HOST:$PORT/api/room/$S/P101/unlock"
echo
wait "$LAB"
cat "$OUT/phong-may.log"
khaothi --data "$D" session close "$S"

# Afterwards: practical marks, the score sheet, the decision, the certificates.
khaothi --data "$D" results import-marks "$S" tools/demo/diem-thuc-hanh.csv
khaothi --data "$D" keys init-issuer --holder "Trần Văn Hùng" --title "Giám đốc" --key "$KEY"
khaothi --data "$D" results "$S" --out "$OUT/bang-diem"     # CSV, XLSX, printable page
khaothi --data "$D" approve "$S" --decision-no 125/QĐ-TTGDTX --key "$KEY"
khaothi --data "$D" cert stock --pattern "CNTT{YY}-{seq:06}" --first 1 --last 500
khaothi --data "$D" cert issue "$S" --key "$KEY"
khaothi --data "$D" cert print --session "$S" --out "$OUT/chung-chi.pdf"
khaothi --data "$D" cert export --session "$S" --out "$OUT/chung-chi"
khaothi --data "$D" keys export-public --out "$OUT/issuer-public.pem" # published by the centre
for f in "$OUT"/chung-chi/*[0-9].json; do khaothi-verify "$f" --pubkey "$OUT/issuer-public.pem"; done
# ---- exam day: end ----

stop_server
echo
echo "exam-day: done; everything is in $work"
