#!/usr/bin/env bash
# Installs the Debian 12 packages Ferry needs that are missing. Sourced by run.sh and test.sh;
# quiet when everything is present. Usage: scripts/deps.sh [build|relay|test|package]
# Nothing beyond a minimal Debian root (mmdebstrap --variant=apt) is assumed to be there:
# installers/check-clean-root.sh proves it.
set -euo pipefail

# Boost 1.81 or later (Boost.JSON's API as used here): Debian 12 has it beside its default 1.74
# as libboost1.81-dev; Ubuntu 24.04, which release.yml also packages for (not the suite), has
# 1.83 as its default.
case "$(. /etc/os-release && echo "${VERSION_CODENAME:-}")" in
noble) FERRY_BOOST_DEV=libboost1.83-dev ;;
*) FERRY_BOOST_DEV=libboost1.81-dev ;;
esac

# Build and runtime libraries; the comment beside each find_package in the CMakeLists says why.
# Installs run with --no-install-recommends, so a CMake package that a -dev package only
# recommends is listed itself: Qt6Charts needs Qt6OpenGL's, from libqt6opengl6-dev.
FERRY_PACKAGES=(
    cmake ninja-build ccache pkg-config g++
    qt6-base-dev libqt6opengl6-dev libsodium-dev libssl-dev "$FERRY_BOOST_DEV" libsqlcipher-dev
    libqrencode-dev libzxing-dev libminiupnpc-dev libnatpmp-dev
    qtkeychain-qt6-dev qt6-multimedia-dev qt6-svg-dev qt6-charts-dev libqt6svg6
    qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools
)
# The headless programs alone (ferry-relay on a server: installers/relay/), without Qt.
FERRY_RELAY_PACKAGES=(
    cmake ninja-build ccache pkg-config g++
    libsodium-dev libssl-dev "$FERRY_BOOST_DEV" libsqlcipher-dev libqrencode-dev
    libminiupnpc-dev libnatpmp-dev
)
# Only the test suite needs these: clang for the libFuzzer build of the decoders and the
# ThreadSanitizer build of the threaded tests (its runtimes: libclang-rt);
# GNOME Keyring in a private D-Bus session tests the real keychain path of the desktop app;
# miniupnpd with nftables in network namespaces is the real home router of tests/nat, which
# also calls sysctl (procps). The test configuration fails when one of these is missing.
# The desktop entry and the AppStream metainfo are validated by the suite as well, the
# Windows variants of the code are compiled by MinGW-w64 (tests/platform) and its resource
# compiler builds ferry.exe's icon and version resource, which `file` checks; xmllint reads
# macOS's Info.plist (tests/packaging).
FERRY_TEST_PACKAGES=(clang libclang-rt-14-dev dbus gnome-keyring
    miniupnpd miniupnpd-nftables nftables iproute2 procps miniupnpc
    desktop-file-utils appstream g++-mingw-w64-x86-64-posix file libxml2-utils)
# Making the packages (installers/): what CPack's dpkg-shlibdeps step runs (file, dpkg-dev),
# the AppDir's run paths (patchelf) and Wayland plugins (qt6-wayland), and the validators of
# the desktop entry and the metainfo.
FERRY_PACKAGE_PACKAGES=(file dpkg-dev patchelf qt6-wayland desktop-file-utils appstream)

ferry_missing_packages() {
    local missing=() pkg
    for pkg in "$@"; do
        if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
            missing+=("$pkg")
        fi
    done
    echo "${missing[@]:-}"
}

ferry_install_deps() {
    local wanted=("${FERRY_PACKAGES[@]}")
    case "${1:-build}" in
    build) ;;
    relay) wanted=("${FERRY_RELAY_PACKAGES[@]}") ;;
    test) wanted+=("${FERRY_TEST_PACKAGES[@]}") ;;
    package) wanted+=("${FERRY_PACKAGE_PACKAGES[@]}") ;;
    *)
        echo "scripts/deps.sh: unknown set '$1' (build, relay, test or package)" >&2
        return 2
        ;;
    esac
    local missing
    missing=$(ferry_missing_packages "${wanted[@]}")
    if [[ -n "$missing" ]]; then
        ferry_apt_install "$missing" || return
    fi
    if [[ "${1:-build}" == test ]]; then
        ferry_install_promtool
    fi
}

ferry_sudo() {
    if [[ $(id -u) -eq 0 ]]; then
        "$@"
    elif command -v sudo >/dev/null; then
        sudo "$@"
    else
        echo "Need root or sudo for: $*" >&2
        return 1
    fi
}

ferry_apt_install() {
    local missing=$1 count
    count=$(wc -w <<<"$missing")
    echo "Installing $count Debian packages and what they need" \
        "(a first install takes a few minutes):"
    echo "  $missing"
    export DEBIAN_FRONTEND=noninteractive
    # An old package list may lack current versions; refresh it once when installing.
    ferry_sudo apt-get update -qq
    # shellcheck disable=SC2086
    ferry_sudo apt-get install -y -qq --no-install-recommends $missing >/dev/null
}

# The suite checks the relay's and the directory's /metrics with promtool. Debian has it only in
# its prometheus package, whose installation would also start a Prometheus server on port 9090:
# only the program is taken out of the package, into /usr/local/bin.
ferry_install_promtool() {
    [[ -x /usr/local/bin/promtool ]] && return 0
    echo "Taking promtool out of Debian's prometheus package (the server is not installed)"
    local tmp
    tmp=$(mktemp -d)
    # apt-get download drops its privileges to _apt to write here
    if [[ $(id -u) -eq 0 ]] && id _apt >/dev/null 2>&1; then
        chown _apt "$tmp"
    fi
    (cd "$tmp" && apt-get download -qq prometheus) || {
        ferry_sudo apt-get update -qq && (cd "$tmp" && apt-get download -qq prometheus)
    } || { rm -rf "$tmp"; return 1; }
    dpkg-deb --fsys-tarfile "$tmp"/prometheus_*.deb | tar -x -C "$tmp" ./usr/bin/promtool &&
        ferry_sudo install -m 0755 "$tmp/usr/bin/promtool" /usr/local/bin/promtool
    local status=$?
    rm -rf "$tmp"
    return $status
}

if [[ "${BASH_SOURCE[0]}" == "$0" ]]; then
    ferry_install_deps "${1:-build}"
fi
