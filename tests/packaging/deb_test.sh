#!/usr/bin/env bash
# The khaothi .deb (packaging/, README "Install as a service") built by CPack from this build
# tree, then checked: the programs, the bank, the docs and the unit are in it at Debian's paths;
# dpkg-shlibdeps found the libraries; the maintainer scripts make the user and a 0700 directory;
# `systemd-analyze verify` accepts the unit as installed; lintian finds nothing when installed
# (skipped with a message only when it is not). Usage: deb_test.sh BUILD_DIR
set -euo pipefail
build=${1:?usage: deb_test.sh BUILD_DIR}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() {
  echo "deb_test: $*" >&2
  exit 1
}

if ! cpack -G DEB --config "$build/CPackConfig.cmake" -B "$tmp/out" >"$tmp/cpack.log" 2>&1; then
  cat "$tmp/cpack.log" >&2
  fail "cpack failed"
fi
deb=$(find "$tmp/out" -maxdepth 1 -name '*.deb')
[ -n "$deb" ] || fail "cpack wrote no .deb"
echo "deb_test: $(basename "$deb"), $(stat -c %s "$deb") bytes"

dpkg-deb -c "$deb" >"$tmp/contents"
for f in usr/bin/khaothi-server usr/bin/khaothi usr/bin/qbank usr/bin/khaothi-verify \
  usr/lib/systemd/system/khaothi-server.service usr/share/khaothi/question-bank/IU01.bank \
  usr/share/khaothi/question-bank/blueprints/basic-30.blueprint usr/share/doc/khaothi/README.md \
  usr/share/doc/khaothi/docs/seb.md; do
  grep -q " \./$f\$" "$tmp/contents" || fail "$f is not in the package"
done
# Stripped programs: a debug build's 50 MB server would not be.
server_size=$(awk '$NF == "./usr/bin/khaothi-server" { print $3 }' "$tmp/contents")
[ "$server_size" -lt 30000000 ] || fail "khaothi-server is $server_size bytes: not stripped"

depends=$(dpkg-deb -f "$deb" Depends)
for lib in adduser libssl libsqlite3 libc6; do
  [[ "$depends" == *"$lib"* ]] || fail "Depends lacks $lib: $depends"
done

dpkg-deb -e "$deb" "$tmp/control"
[ -x "$tmp/control/postinst" ] || fail "postinst is missing or not executable"
grep -q 'adduser --system --group' "$tmp/control/postinst" || fail "postinst makes no system user"
grep -q 'chmod 0700 /var/lib/khaothi' "$tmp/control/postinst" || fail "postinst leaves the data directory open"
sh -n "$tmp/control/postinst" && sh -n "$tmp/control/prerm" && sh -n "$tmp/control/postrm"

# systemd-analyze verify --root needs the system's own units (sysinit.target, ...) beside ours.
mkdir -p "$tmp/root/usr/lib/systemd/system"
cp -a /usr/lib/systemd/system/. "$tmp/root/usr/lib/systemd/system/"
dpkg-deb -x "$deb" "$tmp/root"
unit="$tmp/root/usr/lib/systemd/system/khaothi-server.service"
for line in 'User=khaothi' 'NoNewPrivileges=yes' 'ProtectSystem=strict' 'PrivateTmp=yes' \
  'ReadWritePaths=/var/lib/khaothi' 'ExecStart=/usr/bin/khaothi-server --data /var/lib/khaothi'; do
  grep -qxF "$line" "$unit" || fail "the unit lacks $line"
done
if ! systemd-analyze verify --root="$tmp/root" /usr/lib/systemd/system/khaothi-server.service \
  >"$tmp/verify.log" 2>&1; then
  cat "$tmp/verify.log" >&2
  fail "systemd-analyze verify refused the unit"
fi
if grep -q 'khaothi-server.service' "$tmp/verify.log"; then
  cat "$tmp/verify.log" >&2
  fail "systemd-analyze verify warned about the unit"
fi

if command -v lintian >/dev/null; then
  lintian --fail-on error,warning "$deb" || fail "lintian"
else
  echo "deb_test: SKIPPED lintian: not installed here (apt-get install lintian)"
fi
echo "deb_test: ok"
