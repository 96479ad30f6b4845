#!/usr/bin/env bash
# Installs what is missing, builds the whole suite with ASan+UBSan and runs it in parallel;
# before it, fuzzes the decoders and runs the threaded tests under ThreadSanitizer.
# The exit code is CTest's. Build folder: build/test (override with FERRY_TEST_BUILD_DIR).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$ROOT/scripts/deps.sh"
source "$ROOT/scripts/configs.sh"
ferry_install_deps test

BUILD="${FERRY_TEST_BUILD_DIR:-$ROOT/build/test}"
JOBS="$(nproc)"
ferry_configure_test "$BUILD"
cmake --build "$BUILD" -j "$JOBS"

export ASAN_OPTIONS="detect_leaks=1:abort_on_error=1:strict_string_checks=1"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
export QT_QPA_PLATFORM=offscreen

# First the decoders as real libFuzzer binaries (clang), each fuzzed for a short while...
FUZZ_BUILD="${FERRY_FUZZ_BUILD_DIR:-$ROOT/build/fuzz}"
fuzz_status=0
if ferry_configure_fuzz "$FUZZ_BUILD" &&
    cmake --build "$FUZZ_BUILD" -j "$JOBS" --target ferry_fuzzers; then
    ctest --test-dir "$FUZZ_BUILD" --output-on-failure -j "$JOBS" -R '^libfuzzer_' ||
        fuzz_status=$?
else
    fuzz_status=1
fi

# ...then the threaded tests under ThreadSanitizer (Qt's own threads are not instrumented:
# tests/tsan/suppressions.txt)...
TSAN_BUILD="${FERRY_TSAN_BUILD_DIR:-$ROOT/build/tsan}"
tsan_status=0
if ferry_configure_tsan "$TSAN_BUILD" &&
    cmake --build "$TSAN_BUILD" -j "$JOBS" --target ferry_threaded_tests; then
    TSAN_OPTIONS="halt_on_error=1 die_after_fork=0 second_deadlock_stack=1"
    TSAN_OPTIONS+=" suppressions=$ROOT/tests/tsan/suppressions.txt"
    TSAN_OPTIONS="$TSAN_OPTIONS" ctest --test-dir "$TSAN_BUILD" --output-on-failure \
        -j "$JOBS" -L threaded --timeout 900 || tsan_status=$?
else
    tsan_status=1
fi

# ...then the whole suite; its summary is the last thing printed.
set +e
ctest --test-dir "$BUILD" --output-on-failure -j "$JOBS" --timeout 900
status=$?
set -e
if ((status == 0 && fuzz_status != 0)); then status=$fuzz_status; fi
if ((status == 0 && tsan_status != 0)); then status=$tsan_status; fi
exit "$status"
