#!/usr/bin/env bash
# Fails when a tracked C++ file differs from what clang-format (the tree's .clang-format)
# makes of it, and lists those files. `scripts/check-format.sh --fix` formats them instead.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
mapfile -t files < <(git ls-files '*.cpp' '*.h')
if [[ ${1:-} == --fix ]]; then
    clang-format -i "${files[@]}"
    exit 0
fi
# One clang-format for all files; each difference is a "file:line:col: error:" line.
mapfile -t unformatted < <(clang-format --dry-run --Werror "${files[@]}" 2>&1 |
    sed -n 's/^\([^:]*\):[0-9]*:[0-9]*: error:.*/\1/p' | sort -u)
if ((${#unformatted[@]})); then
    echo "Not formatted as .clang-format says (scripts/check-format.sh --fix formats them):" >&2
    printf '  %s\n' "${unformatted[@]}" >&2
    exit 1
fi
echo "Formatting: all ${#files[@]} C++ files match .clang-format"
