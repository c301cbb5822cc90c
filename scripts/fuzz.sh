#!/usr/bin/env bash
# Fuzzes the core's parsers of outside input and runs the unit tests under the sanitizers:
#  1. build-fuzz (clang, -DCRM_FUZZ=ON): each tests/fuzz/<name>_fuzz.cpp target runs for a bounded
#     time from its seed corpus tests/fuzz/corpus/<name>/ (plus what earlier runs found, kept in
#     build-fuzz/corpus/<name>/), with its dictionary tests/fuzz/<name>.dict and its libFuzzer
#     flags tests/fuzz/<name>.options when there are;
#  2. the same build-fuzz tree: the unit tests (ctest) under AddressSanitizer (leaks
#     included) and UndefinedBehaviorSanitizer.
# Fails on any crash, broken invariant, leak, timeout, out-of-memory or sanitizer report; a failing
# input is saved as build-fuzz/artifacts/<name>/crash-* (replay: build-fuzz/<name>_fuzz <file>).
# Usage: scripts/fuzz.sh [seconds per target, default 30]   (CRM_JOBS targets at once, default 2)
#   CRM_FUZZ_TARGETS="import sync"  only these targets;  CRM_FUZZ_SKIP_ASAN=1  no unit test run.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SECONDS_PER_TARGET="${1:-30}"
JOBS="${CRM_JOBS:-2}"
FUZZ_BUILD="$ROOT/build-fuzz"
# The unit tests are built in the same tree: the fuzz build compiles everything with ASan and
# UBSan already (plus coverage callbacks, harmless in a test), and one tree is half the build.
ASAN_BUILD="$FUZZ_BUILD"
CXX_CLANG="${CRM_CLANG:-clang++}"

# halt_on_error with -fno-sanitize-recover: the first report ends the program with an error.
export ASAN_OPTIONS="halt_on_error=1:detect_leaks=1:abort_on_error=0:strict_string_checks=1:detect_stack_use_after_return=1:check_initialization_order=1"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
export LSAN_OPTIONS="print_suppressions=0"

echo "== fuzz targets (libFuzzer + ASan + UBSan, ${SECONDS_PER_TARGET} s each)"
cmake -S "$ROOT" -B "$FUZZ_BUILD" -DCRM_FUZZ=ON -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_COMPILER="$CXX_CLANG" >/dev/null
nice cmake --build "$FUZZ_BUILD" -j "$JOBS" --target fuzz_targets

targets=()
if [ -n "${CRM_FUZZ_TARGETS:-}" ]; then
  read -r -a targets <<<"$CRM_FUZZ_TARGETS"
else
  for source in "$ROOT"/tests/fuzz/*_fuzz.cpp; do
    name="$(basename "$source" _fuzz.cpp)"
    targets+=("$name")
  done
fi

# One target a core at a time (each libFuzzer process is single-threaded): on 2 cores the six
# targets take three rounds of the time each, not six.
run_target() {
  local name="$1"
  local seeds="$ROOT/tests/fuzz/corpus/$name"
  local work="$FUZZ_BUILD/corpus/$name"
  local artifacts="$FUZZ_BUILD/artifacts/$name"
  local log="$FUZZ_BUILD/fuzz-$name.log"
  mkdir -p "$work" "$artifacts" "$seeds"
  local dict=()
  if [ -f "$ROOT/tests/fuzz/$name.dict" ]; then dict=("-dict=$ROOT/tests/fuzz/$name.dict"); fi
  # tests/fuzz/<name>.options: libFuzzer flags of that target, one a line (they come last and win).
  local options=()
  if [ -f "$ROOT/tests/fuzz/$name.options" ]; then mapfile -t options < <(grep -v '^\s*\(#\|$\)' "$ROOT/tests/fuzz/$name.options"); fi
  # New inputs go into the first folder (the work corpus); the seeds are only read.
  local status=0
  nice "$FUZZ_BUILD/${name}_fuzz" -max_total_time="$SECONDS_PER_TARGET" -timeout=10 -rss_limit_mb=2048 \
    -malloc_limit_mb=2048 -max_len=262144 -print_final_stats=1 -artifact_prefix="$artifacts/" "${dict[@]}" "${options[@]}" \
    "$work" "$seeds" >"$log" 2>&1 || status=$?
  echo "$status" >"$FUZZ_BUILD/fuzz-$name.status"
}

rm -f "$FUZZ_BUILD"/fuzz-*.status
running=0
for name in "${targets[@]}"; do
  echo "-- $name"
  run_target "$name" &
  running=$((running + 1))
  if [ "$running" -ge "$JOBS" ]; then
    wait -n || true
    running=$((running - 1))
  fi
done
wait

failed=()
summary=()
for name in "${targets[@]}"; do
  log="$FUZZ_BUILD/fuzz-$name.log"
  status="$(cat "$FUZZ_BUILD/fuzz-$name.status" 2>/dev/null || echo 1)"
  execs="$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n1)"
  corpus="$(grep -Eo 'corp: [0-9]+' "$log" | tail -n1 | grep -Eo '[0-9]+' || true)"
  if [ "$status" -ne 0 ] || grep -qE 'ERROR: (AddressSanitizer|LeakSanitizer|libFuzzer)|runtime error:|FUZZ INVARIANT FAILED' "$log"; then
    failed+=("$name")
    echo "-- $name FAILED (exit $status); the log's end (whole log: $log):"
    tail -n 40 "$log" | sed 's/^/   | /'
    summary+=("$(printf '%-10s %6s s %12s execs %6s corpus  FAILED' "$name" "$SECONDS_PER_TARGET" "${execs:-?}" "${corpus:-?}")")
  else
    summary+=("$(printf '%-10s %6s s %12s execs %6s corpus  ok' "$name" "$SECONDS_PER_TARGET" "${execs:-?}" "${corpus:-?}")")
  fi
done

asan_result="skipped"
if [ -z "${CRM_FUZZ_SKIP_ASAN:-}" ]; then
  echo "== unit tests under ASan + UBSan (build-fuzz)"
  nice cmake --build "$ASAN_BUILD" -j "$JOBS" --target crm_tests
  asan_log="$ASAN_BUILD/ctest.log"
  status=0
  (cd "$ASAN_BUILD" && ctest --output-on-failure -j "$JOBS") >"$asan_log" 2>&1 || status=$?
  tests_line="$(grep -E 'tests passed|tests failed' "$asan_log" | tail -n1)"
  if [ "$status" -ne 0 ] || grep -qE 'ERROR: (AddressSanitizer|LeakSanitizer)|runtime error:' "$asan_log"; then
    failed+=("unit tests under sanitizers")
    echo "   FAILED; the log's end (whole log: $asan_log):"
    tail -n 60 "$asan_log" | sed 's/^/   | /'
    asan_result="FAILED: $tests_line"
  else
    asan_result="ok: $tests_line, no sanitizer report"
  fi
fi

echo "== fuzz summary (RELIABILITY.md)"
for line in "${summary[@]}"; do echo "   $line"; done
echo "   sanitizer unit tests: $asan_result"
if [ ${#failed[@]} -gt 0 ]; then
  echo "== FAILED: ${failed[*]}" >&2
  exit 1
fi
