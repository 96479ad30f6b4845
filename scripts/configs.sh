#!/usr/bin/env bash
# The build configurations of scripts/run.sh and scripts/test.sh, in one place so that
# installers/check-clean-root.sh configures exactly what they configure. Sourced, not run.
# Each function prints one line saying what it does; CMake's own output is kept in
# BUILD/configure.log and printed in full only when configuring fails.

# ccache keys objects by the compiler's command line, which names the checkout's absolute
# path, and (for -g builds) by the working folder; relative to the checkout and without the
# folder, a second clone (CI's fresh one) reuses the first one's work. The price: debug info
# of a reused object names the folder it was first built in.
export CCACHE_BASEDIR="${CCACHE_BASEDIR:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}"
export CCACHE_NOHASHDIR="${CCACHE_NOHASHDIR:-1}"

# ferry_cmake_configure WHAT BUILD ARGS...
ferry_cmake_configure() {
    local what=$1 build=$2
    shift 2
    local root
    root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
    mkdir -p "$build"
    echo "Configuring $what in $build"
    if ! cmake -S "$root" -B "$build" -G Ninja "$@" >"$build/configure.log" 2>&1; then
        cat "$build/configure.log" >&2
        echo "Configuring $what failed (log: $build/configure.log)" >&2
        return 1
    fi
}

# The Release build that run.sh starts: the app and the headless programs, no tests.
ferry_configure_run() {
    ferry_cmake_configure "the Release build" "$1" -DCMAKE_BUILD_TYPE=Release \
        -DFERRY_BUILD_TESTS=OFF
}

# The headless programs alone, as installers/relay/ builds them on a server: no Qt at all.
ferry_configure_relay() {
    ferry_cmake_configure "the headless Release build (no Qt)" "$1" -DCMAKE_BUILD_TYPE=Release \
        -DFERRY_BUILD_UI=OFF -DFERRY_BUILD_TESTS=OFF
}

# The test suite of test.sh: everything with ASan+UBSan. Shared libraries: one instrumented
# copy of core and relay instead of one in every test program (see CMakeLists.txt).
ferry_configure_test() {
    ferry_cmake_configure "the test suite (ASan+UBSan)" "$1" -DCMAKE_BUILD_TYPE=Debug \
        -DFERRY_SANITIZE=address,undefined -DFERRY_BUILD_UI=ON -DFERRY_BUILD_TESTS=ON \
        -DBUILD_SHARED_LIBS=ON
}

# The threaded relay, core and engine tests under ThreadSanitizer (clang: GCC 12's TSan
# refuses the atomic fences in Boost's headers). No UI: the threaded tests do not use it.
ferry_configure_tsan() {
    ferry_cmake_configure "the threaded tests (ThreadSanitizer, clang)" "$1" \
        -DCMAKE_BUILD_TYPE=Debug -DCMAKE_CXX_COMPILER=clang++ -DFERRY_SANITIZE=thread \
        -DFERRY_BUILD_UI=OFF -DFERRY_BUILD_TESTS=ON -DBUILD_SHARED_LIBS=ON
}

# The decoders as libFuzzer binaries, built with clang, which test.sh fuzzes for a while.
ferry_configure_fuzz() {
    ferry_cmake_configure "the libFuzzer decoders (clang)" "$1" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
        -DCMAKE_CXX_COMPILER=clang++ -DFERRY_FUZZ=ON -DFERRY_SANITIZE=address,undefined \
        -DFERRY_BUILD_TESTS=OFF -DFERRY_BUILD_UI=OFF
}
