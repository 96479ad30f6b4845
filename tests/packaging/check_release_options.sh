#!/bin/sh
# Keeps .github/workflows/release.yml consistent with the CMake options: every -DNAME=... it
# passes must be an option this project declares (in the build's CMakeCache.txt) or one of
# CMake's or its find modules' own; a renamed option would otherwise be ignored silently.
#   check_release_options.sh release.yml CMakeCache.txt
set -eu
workflow=$1 cache=$2
names=$(grep -o -- '-D[A-Za-z_][A-Za-z0-9_]*=' "$workflow" | sed 's/^-D//; s/=$//' | sort -u)
[ -n "$names" ] || { echo "no -D options found in $workflow" >&2; exit 1; }
status=0
for name in $names; do
    case "$name" in
    CMAKE_* | OPENSSL_*) continue ;; # CMake's own and FindOpenSSL's
    esac
    if grep -q "^$name:" "$cache"; then
        echo "ok: $name"
    else
        echo "release.yml sets -D$name, which CMakeLists.txt does not declare" >&2
        status=1
    fi
done
exit $status
