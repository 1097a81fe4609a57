#!/usr/bin/env bash
# Compares the dependency graph CMake builds (written at configure time to GRAPH, one line per
# library or program: "name: the khaothi libraries it links directly") with the one
# docs/architecture.md shows between its "graph:begin" and "graph:end" markers. Usage:
#   tools/check-graph.sh build/dev/khaothi-graph.txt
set -euo pipefail
cd "$(dirname "$0")/.."
graph=${1:?usage: check-graph.sh GRAPH}
page=docs/architecture.md

documented=$(sed -n '/<!-- graph:begin -->/,/<!-- graph:end -->/p' "$page" |
  grep -E '^[A-Za-z0-9_-]+:' | sed 's/[[:space:]]*$//' | sort)
if [ -z "$documented" ]; then
  echo "check-graph: $page has no graph block (<!-- graph:begin --> ... <!-- graph:end -->)" >&2
  exit 1
fi
built=$(sed 's/[[:space:]]*$//' "$graph" | sort)
if [ "$documented" != "$built" ]; then
  echo "check-graph: $page and the build disagree (< page, > CMake):" >&2
  diff <(echo "$documented") <(echo "$built") >&2 || true
  exit 1
fi
echo "check-graph: ok ($(echo "$built" | wc -l) targets)"
