#!/usr/bin/env bash
# Installs every Debian package khaothi needs to build, test and run. Idempotent: it asks dpkg
# which packages are missing and runs `apt-get update` once only when something must be installed.
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config git
  clang clang-format clang-tidy libclang-rt-14-dev
  libboost1.81-dev libboost-json1.81-dev libboost-program-options1.81-dev
  libsqlite3-dev sqlite3 libssl-dev openssl
  catch2 libbenchmark-dev
  libncurses-dev
  libicu-dev libpugixml-dev libzip-dev zip unzip
  tmux curl
  chromium firefox-esr
  libcairo2-dev libpango1.0-dev libqrencode-dev libxlsxwriter-dev poppler-utils fonts-dejavu-core
  zbar-tools
  postgresql-15 libpq-dev
  systemd lintian
  linux-perf
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$p")
  fi
done

if ((${#missing[@]})); then
  echo "setup: installing ${missing[*]}"
  SUDO=""
  if [ "$(id -u)" != 0 ]; then SUDO=sudo; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
echo "setup: all packages present"
