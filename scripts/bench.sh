#!/usr/bin/env bash
# The benchmark command (issue #7; not a test: it reports numbers and never fails on a timing).
# Installs what is missing, builds native Release (crm_make_data_set, crm_bench) and the browser
# app, then runs tests/bench/run.mjs: deterministic data sets, native microbenchmarks and the
# browser metrics in headless Chromium, written to build-bench/results.json and BENCHMARKS.md.
# Usage: scripts/bench.sh [--sizes 1k,10k,100k] [--runs N] [--out BENCHMARKS.md]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
JOBS="${JOBS:-2}"
bash "$ROOT/scripts/install-deps.sh"

echo "== native Release build (crm_make_data_set, crm_bench)"
cmake -S "$ROOT" -B "$ROOT/build-native" -DCMAKE_BUILD_TYPE=Release >/dev/null
nice cmake --build "$ROOT/build-native" -j "$JOBS" --target crm_make_data_set crm_bench

echo "== browser app"
nice bash "$ROOT/scripts/build-web.sh"

echo "== benchmark"
cd "$ROOT"
CRM_BENCH_COMMAND="scripts/bench.sh $*" exec node tests/bench/run.mjs "$@"
