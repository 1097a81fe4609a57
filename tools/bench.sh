#!/usr/bin/env bash
# Every figure of docs/performance.md, measured on this machine in one run: the engine's
# benchmarks, group commit against raw SQLite, the targets at 1,000 candidates and how cost grows
# with 1,000, 2,000, 5,000 and 10,000 candidates. Builds the release preset first. Prints figures;
# it asserts nothing (a shared machine is too noisy for that) except that no acknowledged answer
# is lost, which fails the run.
#
#   bash tools/bench.sh            # everything but the registry, crash and profile (~20 min)
#   bash tools/bench.sh growth     # the growth curve up to 10,000 candidates, and what TLS and
#                                  # the password check cost alone (~12 min)
#   bash tools/bench.sh crash      # the crash loop at 10,000: 5 SIGKILLs while all answer
#   bash tools/bench.sh profile    # flame graphs of the start and of churn at 10,000 (perf)
#   bash tools/bench.sh registry   # the certificate registry at 1,000,000 certificates (~10 min)
set -euo pipefail
cd "$(dirname "$0")/.."

what=${1:-all}
bash tools/setup.sh
cmake --preset release >/dev/null
cmake --build --preset release -j "$(nproc)" >/dev/null
bin=build/release
work=$(mktemp -d /tmp/khaothi-bench.XXXXXX)
trap 'rm -rf "$work"' EXIT
loadgen() { "$bin/tools/khaothi-loadgen" --workdir "$work/centre" "$@"; }

echo "# khaothi benchmarks, $(date -u +%FT%TZ), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"

if [[ $what == all || $what == engine ]]; then
  echo; echo "## engine (Google Benchmark, one core)"
  "$bin/tests/engine_bench" --benchmark_filter='BM_GenerateForm$|BM_GradeAttempt$|BM_AttemptLifecycle'
fi

if [[ $what == all || $what == commit ]]; then
  echo; echo "## group commit: the writer in-process against raw SQLite, same run, same disk"
  loadgen -n 1000 --scenario commit --seconds 8
fi

if [[ $what == all || $what == targets ]]; then
  echo; echo "## 1,000 candidates offering 12,500 answers/s (the ack target is 10,000/s)"
  loadgen -n 1000 --scenario steady --interval-ms 80 --seconds 8
fi

if [[ $what == all || $what == growth ]]; then
  echo; echo "## a login's cryptography alone: both ends of TLS 1.3 and the password check, one thread"
  "$bin/tests/tls-handshake-bench" --handshakes 2000
  for n in 1000 2000 5000 10000; do
    echo; echo "## growth: $n candidates, each answering every second"
    loadgen -n "$n" --scenario all --interval-ms 1000 --seconds 10
  done
  for ms in 50 33; do
    echo; echo "## saturation: 1,000 candidates, each answering every $ms ms"
    loadgen -n 1000 --scenario steady --interval-ms "$ms" --seconds 8
  done
fi

if [[ $what == crash ]]; then
  echo; echo "## crash loop: 10,000 candidates answering every second, the server SIGKILLed 5 times"
  loadgen -n 10000 --scenario crash --kills 5 --interval-ms 1000 --seconds 60
fi

if [[ $what == profile ]]; then
  # perf samples the server (a child of the load generator) with DWARF call stacks; the release
  # build keeps no frame pointers. tools/flamegraph.py folds the stacks and draws the SVG.
  for scenario in start churn; do
    echo; echo "## profile: $scenario at 10,000 candidates"
    perf record -q -F 199 --call-graph dwarf,16384 -o "$work/perf.data" -- \
      "$bin/tools/khaothi-loadgen" --workdir "$work/centre" -n 10000 --scenario "$scenario" \
      --interval-ms 1000 --seconds 10 | grep -v '^setup'
    perf script -i "$work/perf.data" 2>/dev/null |
      python3 tools/flamegraph.py --comm khaothi-server --top 30 \
        --title "khaothi-server, $scenario at 10,000 candidates" \
        --svg "docs/images/flame-$scenario-10k.svg"
  done
fi

if [[ $what == registry ]]; then
  echo; echo "## registry: 1,000,000 certificates from 500 centres, 50 pushing, public lookups"
  "$bin/tests/registry-bench"
fi
