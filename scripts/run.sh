#!/usr/bin/env bash
# Installs what is missing, builds Release and starts Ferry. Without a display it starts the
# headless relay instead. Build folder: build/release (override with FERRY_BUILD_DIR).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$ROOT/scripts/deps.sh"
ferry_install_deps build

BUILD="${FERRY_BUILD_DIR:-$ROOT/build/release}"
cmake -S "$ROOT" -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=Release -DFERRY_BUILD_TESTS=OFF >/dev/null
cmake --build "$BUILD" -j "$(nproc)" >/dev/null

if [[ -n "${DISPLAY:-}" || -n "${WAYLAND_DISPLAY:-}" ]]; then
    exec "$BUILD/app/ferry" "$@"
fi

DATA="${FERRY_RELAY_DATA:-${XDG_DATA_HOME:-$HOME/.local/share}/ferry-relay}"
echo "No display found: starting the headless relay (data folder: $DATA)."
if [[ ! -f "$DATA/relay.ini" ]]; then
    "$BUILD/app/ferry-relay" init --data "$DATA"
fi
exec "$BUILD/app/ferry-relay" start --data "$DATA" "$@"
