#!/usr/bin/env bash
# The khaothi .deb (packaging/, README "Install as a service") built by CPack from this build
# tree, then checked: the programs, the bank, the docs and the unit are in it at Debian's paths;
# dpkg-shlibdeps found the libraries; the maintainer scripts make the user and a 0700 directory;
# `systemd-analyze verify` accepts the unit as installed; lintian finds no error or warning (its
# overrides say why each is right); the packaged `khaothi` defaults to /var/lib/khaothi and gives
# a centre made by root to the khaothi user (in a private mount namespace: skipped with a message
# only where unshare is not allowed). Usage: deb_test.sh BUILD_DIR
set -euo pipefail
build=$(cd "${1:?usage: deb_test.sh BUILD_DIR}" && pwd)
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
  usr/share/doc/khaothi/docs/seb.md usr/share/doc/khaothi/copyright \
  usr/share/doc/khaothi/changelog.Debian.gz usr/share/lintian/overrides/khaothi \
  usr/share/man/man1/khaothi-server.1.gz usr/share/man/man1/khaothi.1.gz \
  usr/share/man/man1/qbank.1.gz usr/share/man/man1/khaothi-verify.1.gz; do
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

# Debian's copyright format, naming the project's licence; the changelog names this version.
dpkg-deb -x "$deb" "$tmp/x"
copyright="$tmp/x/usr/share/doc/khaothi/copyright"
head -n 1 "$copyright" | grep -qxF 'Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/' ||
  fail "copyright is not machine-readable"
grep -qxF 'License: GPL-3+' "$copyright" || fail "copyright does not name GPL-3+"
version=$(dpkg-deb -f "$deb" Version)
zcat "$tmp/x/usr/share/doc/khaothi/changelog.Debian.gz" | head -n 1 | grep -qF "khaothi ($version)" ||
  fail "changelog.Debian.gz does not start with version $version"

command -v lintian >/dev/null || fail "lintian is not installed (bash tools/setup.sh)"
lintian --fail-on error,warning "$deb" >"$tmp/lintian.log" 2>&1 || {
  cat "$tmp/lintian.log" >&2
  fail "lintian"
}

# The packaged khaothi, run as /usr/bin/khaothi with no --data, makes the centre in
# /var/lib/khaothi and, run by root, gives it to the khaothi user. /usr/bin, /var/lib and
# /etc/passwd are the package's, an empty directory's and a copy with the khaothi user only
# inside this process's own mount namespace; the machine's are untouched.
mkdir -p "$tmp/varlib/khaothi"
chmod 0700 "$tmp/varlib/khaothi"
cp /etc/passwd "$tmp/passwd"
cp /etc/group "$tmp/group"
echo 'khaothi:x:64999:64999:khaothi exam server:/var/lib/khaothi:/usr/sbin/nologin' >>"$tmp/passwd"
echo 'khaothi:x:64999:' >>"$tmp/group"
if unshare -m true 2>/dev/null; then
  # /usr/bin last: mount itself lives there.
  mkdir "$tmp/cwd"
  (cd "$tmp/cwd" && unshare -m sh -c "mount --bind '$tmp/varlib' /var/lib && mount --bind '$tmp/passwd' /etc/passwd &&
    mount --bind '$tmp/group' /etc/group && mount --bind '$tmp/x/usr/bin' /usr/bin &&
    exec /usr/bin/khaothi --lang en init --center-code C1 --name 'Trung tâm thử'") \
    >"$tmp/init.log" 2>&1 || {
    cat "$tmp/init.log" >&2
    fail "the packaged khaothi init failed"
  }
  grep -q 'in /var/lib/khaothi' "$tmp/init.log" || fail "init did not default to /var/lib/khaothi: $(cat "$tmp/init.log")"
  [ -f "$tmp/varlib/khaothi/center.db" ] || fail "no center.db in the packaged directory"
  [ -z "$(ls -A "$tmp/cwd")" ] || fail "the packaged khaothi init wrote into the current directory"
  [ "$(stat -c %a "$tmp/varlib/khaothi")" = 700 ] || fail "the packaged directory is not 0700"
  wrong=$(find "$tmp/varlib/khaothi" \( ! -uid 64999 -o ! -gid 64999 \) -print)
  [ -z "$wrong" ] || fail "not the khaothi user's: $wrong"
  # A source tree's khaothi keeps the current directory.
  (cd "$tmp" && "$build/tools/khaothi" --lang en init --center-code C2 --name 'Nguồn' >/dev/null)
  [ -f "$tmp/center.db" ] || fail "khaothi from the build tree did not default to the current directory"
else
  echo "deb_test: SKIPPED the packaged init default: unshare -m is not allowed here"
fi
echo "deb_test: ok"
