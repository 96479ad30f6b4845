#!/usr/bin/env bash
# Runs the desktop app's real windows under Xvfb through a first conversation between two
# profiles and saves the screenshots the README shows into docs/screenshots/.
# Usage: scripts/screenshots.sh [OUTPUT_DIR]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$ROOT/scripts/deps.sh"
ferry_install_deps build
# An X server without a screen, and the fonts a desktop has (emoji included).
FERRY_SCREENSHOT_PACKAGES=(xvfb xauth fonts-dejavu-core fonts-noto-color-emoji)
missing=$(ferry_missing_packages "${FERRY_SCREENSHOT_PACKAGES[@]}")
if [[ -n "$missing" ]]; then
    sudo=(); [[ $(id -u) -ne 0 ]] && sudo=(sudo)
    # shellcheck disable=SC2086
    "${sudo[@]}" apt-get install -y -qq --no-install-recommends $missing >/dev/null
fi

OUT="${1:-$ROOT/docs/screenshots}"
BUILD="${FERRY_SCREENSHOT_BUILD_DIR:-$ROOT/build/release}"
cmake -S "$ROOT" -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=Release -DFERRY_BUILD_UI=ON \
    -DFERRY_BUILD_TESTS=ON >/dev/null
cmake --build "$BUILD" --target ferry_screenshot_tour
mkdir -p "$OUT"
# A fixed style and font size so the pictures do not depend on the machine's desktop.
QT_QPA_PLATFORMTHEME= QT_STYLE_OVERRIDE=Fusion QT_SCALE_FACTOR=1 \
    xvfb-run -a -s "-screen 0 1400x900x24" \
    "$BUILD/tests/screenshots/ferry_screenshot_tour" "$OUT"
