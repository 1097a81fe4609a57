#!/usr/bin/env bash
# Sets up the machine (tools/setup.sh), builds khaothi with the `dev` preset (Debug, warnings as
# errors) and runs every test through CTest. Exit status is non-zero when anything fails.
set -euo pipefail
cd "$(dirname "$0")/.."

bash tools/setup.sh
bash tools/check-format.sh
bash tools/check-tree.sh
cmake --preset dev
cmake --build --preset dev -j "$(nproc)"
ctest --preset dev
