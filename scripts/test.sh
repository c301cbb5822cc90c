#!/usr/bin/env bash
# Runs every test: installs what is missing, builds and runs the native unit and smoke tests
# (doctest through CTest, under ASan + UBSan) and the fuzz targets, then builds the browser app
# and runs the browser tests (playwright-core driving Debian's Chromium against the real build
# and real IndexedDB).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
JOBS="$(nproc 2>/dev/null || echo 2)"
# Each phase's wall time, printed at the end: where the run's minutes go (CI asks for well under 30).
phases=()
phase_started=$SECONDS
end_phase() { phases+=("$(printf '%-28s %4d s' "$1" $((SECONDS - phase_started)))"); phase_started=$SECONDS; }
trap 'echo "== phase times"; for p in "${phases[@]}"; do echo "   $p"; done' EXIT
bash "$ROOT/scripts/install-deps.sh"
end_phase "dependencies"

# The native unit tests (doctest through CTest) run once, in the sanitizer build of fuzz.sh:
# AddressSanitizer + UndefinedBehaviorSanitizer, the code under test optimised (RelWithDebInfo).
# A second, Release build of the same tests cost CI four minutes and found nothing the sanitizer
# run does not. (For a quick loop while working: cmake -B build-native && cmake --build
# build-native && ctest --test-dir build-native.)
# About 6 minutes on 2 cores: the build, 20 s per fuzz target (two at a time), the unit tests.
echo "== native unit tests under ASan + UBSan, and fuzzing (scripts/fuzz.sh)"
bash "$ROOT/scripts/fuzz.sh" "${CRM_FUZZ_SECONDS:-20}"
end_phase "unit tests and fuzzing"

# The benchmark smoke test's native tools come from the same sanitizer tree: the core is built
# there already, and a memory error in the data-set writer or the microbenchmarks fails the run.
# (The benchmark itself, scripts/bench.sh, uses a Release build.)
echo "== native tools for the benchmark smoke test (in the sanitizer build)"
nice cmake --build "$ROOT/build-fuzz" -j "$JOBS" --target crm_make_data_set crm_bench
export CRM_NATIVE_BUILD="$ROOT/build-fuzz"
end_phase "native tools"

echo "== browser tests (playwright-core + Chromium)"
bash "$ROOT/scripts/build-web.sh"
end_phase "browser build"
cd "$ROOT"
node --test --test-concurrency=1 tests/browser/
end_phase "browser tests"
