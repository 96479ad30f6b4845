#!/usr/bin/env bash
# Proves that the README's two commands work on a fresh Debian 12 machine: builds a throwaway
# bookworm root with mmdebstrap (--variant=apt, plus git and CA certificates to clone), clones
# this checkout's HEAD into it and, inside it, installs with scripts/deps.sh and configures
# exactly as scripts/run.sh and scripts/test.sh do (scripts/configs.sh). A CI run on a machine
# that already has every package cannot show a missing install step; this can.
#
# Usage: installers/check-clean-root.sh [--build] [--package] [--keep]
#   --build    also runs scripts/run.sh in the root (it builds Release and starts the headless
#              relay, which must print its address) and runs ferry-relay --version,
#              ferry-cli --help and ferry --version (QT_QPA_PLATFORM=offscreen) there
#   --package  also makes the packages in the root (the Release build, `cpack -G DEB`,
#              installers/linux/make-appdir.sh; the desktop entry and metainfo validated),
#              then, in a second clean root without Qt or build tools, installs the .deb with
#              `apt install ./ferry_*.deb` and runs ferry --version, ferry-relay --version,
#              ferry-cli --help and ferry-directory --version, then installers/smoke-test.sh
#              on the installed programs (a relay, two ferry-cli profiles, a message each
#              way); and in a third one (Xvfb,
#              ImageMagick, fonts and the GL loaders only) starts the AppDir's ferry on a virtual display, checks that
#              its main window is up and that every shared object it has loaded is the
#              AppDir's (glibc and the graphics driver stack excepted: see
#              installers/linux/machine-libraries.sh), and saves a screenshot to
#              $FERRY_CLEAN_ROOT_CACHE/appdir-screenshot.png
#   --keep     leaves the roots in place for a look (their paths are printed); default: removed
# Needs root (chroot, mounts) and the Debian archive. Downloaded packages and ccache's
# objects are kept in FERRY_CLEAN_ROOT_CACHE (default /var/cache/ferry/clean-root) for the
# next run; the mirror is FERRY_DEBIAN_MIRROR (default http://deb.debian.org/debian; security
# updates from FERRY_DEBIAN_SECURITY_MIRROR). Prints one "clean-root: PASS|FAIL ..." line per
# step and exits non-zero on any failure. Everything it mounts lives in a private mount and PID
# namespace, so nothing stays mounted or running after it ends, however it ends.
set -euo pipefail

say() { echo "clean-root: $*"; }
pass() { echo "clean-root: PASS $*"; }
fail() {
    echo "clean-root: FAIL $*" >&2
    exit 1
}

# ---------------------------------------------------------------------------------------------
# Inside the root: the steps a newcomer's machine goes through. Run from the clone.
if [[ "${1:-}" == --inside-root ]]; then
    shift
    build=0 package=0
    for arg in "$@"; do
        case "$arg" in
        --build) build=1 ;;
        --package) package=1 ;;
        esac
    done
    cd "$(dirname "${BASH_SOURCE[0]}")/.."
    source scripts/configs.sh

    # The packages, made from the Release build that scripts/run.sh builds, into /root/out
    # for the next two roots.
    make_packages() {
        scripts/deps.sh package || fail "scripts/deps.sh package"
        pass "scripts/deps.sh package"
        cmake --build build/release >/root/package-build.log 2>&1 || {
            tail -50 /root/package-build.log >&2
            fail "the Release build for the packages"
        }
        desktop-file-validate resources/linux/org.ferry.Ferry.desktop &&
            appstreamcli validate --no-net resources/linux/org.ferry.Ferry.metainfo.xml >/dev/null ||
            fail "the desktop entry or the AppStream metainfo does not validate"
        pass "desktop entry and AppStream metainfo validate"
        mkdir -p /root/out
        (cd build/release && cpack -G DEB -B /root/out/cpack) >/root/cpack.log 2>&1 || {
            cat /root/cpack.log >&2
            fail "cpack -G DEB"
        }
        mv /root/out/cpack/ferry_*.deb /root/out/
        pass "cpack -G DEB: $(cd /root/out && ls ferry_*.deb) ($(dpkg-deb -f /root/out/ferry_*.deb Depends | tr ',' '\n' | wc -l) dependencies from dpkg-shlibdeps)"
        installers/linux/make-appdir.sh build/release /root/out/AppDir >/root/appdir.log 2>&1 || {
            cat /root/appdir.log >&2
            fail "installers/linux/make-appdir.sh"
        }
        pass "$(tail -1 /root/appdir.log)"
    }
    # scripts/run.sh installs the build packages only, so its configuration is checked with
    # those alone before the test packages come in.
    scripts/deps.sh build || fail "scripts/deps.sh build"
    pass "scripts/deps.sh build"
    ferry_configure_run build/release || fail "configure as scripts/run.sh does"
    pass "configure as scripts/run.sh does"
    scripts/deps.sh test || fail "scripts/deps.sh test"
    pass "scripts/deps.sh test"
    ferry_configure_test build/test || fail "configure as scripts/test.sh does (the suite)"
    pass "configure as scripts/test.sh does (the suite)"
    ferry_configure_fuzz build/fuzz || fail "configure as scripts/test.sh does (the fuzzers)"
    pass "configure as scripts/test.sh does (the fuzzers)"
    ferry_configure_tsan build/tsan || fail "configure as scripts/test.sh does (ThreadSanitizer)"
    pass "configure as scripts/test.sh does (ThreadSanitizer)"
    [[ $build == 1 || $package == 1 ]] || exit 0

    # run.sh as a newcomer starts it without a display: it builds, then starts the relay. Its
    # own network namespace keeps the relay's port off the host. Prints whether it started.
    run_headless() {
        local log=$1 runner
        unset DISPLAY WAYLAND_DISPLAY
        # The build is bounded by itself; the deadline only stops a run that hangs.
        unshare --net -- timeout --preserve-status 3h scripts/run.sh >"$log" 2>&1 &
        runner=$!
        while kill -0 "$runner" 2>/dev/null; do
            grep -q '^Relay running on' "$log" 2>/dev/null && break
            sleep 0.5
        done
        kill -TERM "$runner" 2>/dev/null || true
        wait "$runner" || true
        grep -q '^Relay running on' "$log" || {
            cat "$log" >&2
            return 1
        }
    }
    [[ $build == 1 ]] || {
        make_packages
        exit 0
    }
    run_headless /root/run.log || fail "scripts/run.sh did not start the relay"
    address=$(grep -m1 "relay's address" /root/run.log)
    grep -q 'Data folder\|Relay initialized in' /root/run.log &&
        grep -q 'Stop the relay with Ctrl-C' /root/run.log ||
        fail "scripts/run.sh did not say where the data folder is and how to stop the relay"
    # In its own network namespace the root has no public address: run.sh must say that the
    # address it made names this machine only, and how to change it.
    grep -q 'names this machine only' /root/run.log ||
        fail "scripts/run.sh did not warn that a localhost address is of no use to others"
    pass "scripts/run.sh built Release and started the relay ($address)"
    run_headless /root/run2.log || fail "scripts/run.sh did not start the relay a second time"
    grep -q 'kept from an earlier start' /root/run2.log &&
        [[ "$(grep -m1 "relay's address" /root/run2.log)" == "$address" ]] ||
        fail "a second scripts/run.sh did not reuse the data folder and its address"
    pass "a second scripts/run.sh reused the data folder (same address)"
    bin=build/release/app
    "$bin/ferry-relay" --version || fail "ferry-relay --version"
    pass "ferry-relay --version"
    "$bin/ferry-cli" --help >/dev/null || fail "ferry-cli --help"
    pass "ferry-cli --help"
    QT_QPA_PLATFORM=offscreen "$bin/ferry" --version || fail "ferry --version"
    pass "ferry --version (offscreen)"
    [[ $package == 1 ]] && make_packages
    exit 0
fi

# ---------------------------------------------------------------------------------------------
# On the host: make the root, run the steps above in it, remove it.
flags=()
package=0
keep=0
for arg in "$@"; do
    case "$arg" in
    --build) flags+=(--build) ;;
    --package)
        flags+=(--package)
        package=1
        ;;
    --keep) keep=1 ;;
    -h | --help)
        sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed -e '$d' -e 's/^# \{0,1\}//'
        exit 0
        ;;
    *) fail "unknown option '$arg' (try --help)" ;;
    esac
done

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CACHE="${FERRY_CLEAN_ROOT_CACHE:-/var/cache/ferry/clean-root}"
MIRROR="${FERRY_DEBIAN_MIRROR:-http://deb.debian.org/debian}"
SECURITY="${FERRY_DEBIAN_SECURITY_MIRROR:-http://deb.debian.org/debian-security}"
started=$SECONDS

[[ $(id -u) -eq 0 ]] ||
    fail "this check needs root (it builds a chroot and mounts in it); run it as root or with sudo"
for tool in git unshare chroot; do
    command -v "$tool" >/dev/null || fail "this check needs '$tool' on the host"
done
if ! command -v mmdebstrap >/dev/null; then
    say "installing mmdebstrap on the host"
    { DEBIAN_FRONTEND=noninteractive apt-get update -qq &&
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
            mmdebstrap >/dev/null; } ||
        fail "cannot install mmdebstrap: is the Debian archive reachable? (see the apt error above)"
fi
if [[ -n "$(git -C "$ROOT" status --porcelain --untracked-files=no)" ]]; then
    say "note: uncommitted changes in $ROOT are not checked; the root gets a clone of HEAD"
fi

# Debian packages for apt, and ccache's objects: a compiler cache replays only what the same
# compiler made from the same input, so a --build run after the first takes minutes.
mkdir -p "$CACHE/archives" "$CACHE/ccache"
WORK="$(mktemp -d "${TMPDIR:-/var/tmp}/ferry-clean-root.XXXXXX")"
ROOTFS="$WORK/root"
child=""

cleanup() {
    local status=$?
    trap - EXIT INT TERM
    if [[ -n "$child" ]] && kill -0 "$child" 2>/dev/null; then
        # The child is PID 1's parent in its own PID namespace: ending it ends everything
        # that ran in the root, and its private mounts go with it.
        kill -TERM "$child" 2>/dev/null || true
        wait "$child" 2>/dev/null || true
    fi
    if findmnt -rn -o TARGET | grep -q "^$WORK"; then
        # Not expected (all mounts were private to the child), but never delete through one.
        findmnt -rn -o TARGET | grep "^$WORK" | sort -r | xargs -r -n1 umount -l || true
    fi
    if [[ $keep == 1 && $status == 0 ]]; then
        say "the roots are kept in $WORK"
    else
        rm -rf --one-file-system "$WORK"
    fi
    exit "$status"
}
trap cleanup EXIT
trap 'say "interrupted"; exit 130' INT
trap 'say "terminated"; exit 143' TERM

# Runs "$@" in the background in a private mount and PID namespace and waits for it, so that
# a signal reaches the traps above at once.
in_namespace() {
    unshare --mount --pid --fork --kill-child -- "$@" &
    child=$!
    local status=0
    wait "$child" || status=$?
    child=""
    return "$status"
}

# make_root DIR PACKAGES: a minimal Debian 12 root (--variant=apt) with PACKAGES (comma list).
make_root() {
    local rootfs=$1 include=$2
    say "building a minimal Debian 12 root in $rootfs (package cache: $CACHE)"
    if ! in_namespace mmdebstrap --quiet --mode=root --format=directory --variant=apt \
        --include="$include" \
        --skip=download/empty --skip=essential/unlink \
        --setup-hook='mkdir -p "$1"/var/cache/apt/archives' \
        --setup-hook="sync-in '$CACHE/archives' /var/cache/apt/archives" \
        --customize-hook="sync-out /var/cache/apt/archives '$CACHE/archives'" \
        bookworm "$rootfs" \
        "deb $MIRROR bookworm main" "deb $MIRROR bookworm-updates main" \
        "deb $SECURITY bookworm-security main" >"$WORK/mmdebstrap.log" 2>&1; then
        cat "$WORK/mmdebstrap.log" >&2
        fail "mmdebstrap could not build the root: no route to the Debian archive? (log above)"
    fi
    cp -L /etc/resolv.conf "$rootfs/etc/resolv.conf"
}

# in_root DIR COMMAND...: COMMAND in the root with the package cache, /proc, /dev and a fresh
# /tmp, and nothing of the host's environment.
in_root() {
    local rootfs=$1
    shift
    in_namespace bash -euo pipefail -c '
        rootfs=$1 cache=$2
        shift 2
        mount --bind "$cache/archives" "$rootfs/var/cache/apt/archives"
        mkdir -p "$rootfs/root/.ccache"
        mount --bind "$cache/ccache" "$rootfs/root/.ccache"
        mount -t proc proc "$rootfs/proc"
        mount --rbind /dev "$rootfs/dev"
        mount -t tmpfs tmpfs "$rootfs/tmp"
        exec chroot "$rootfs" "$@"
    ' check "$rootfs" "$CACHE" env -i HOME=/root LANG=C.UTF-8 TERM="${TERM:-dumb}" \
        PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin "$@"
}

make_root "$ROOTFS" git,ca-certificates
pass "minimal Debian 12 root (mmdebstrap --variant=apt + git, ca-certificates)"

git clone --quiet "$ROOT" "$ROOTFS/root/ferry" || fail "git clone of $ROOT into the root"
pass "cloned $(git -C "$ROOTFS/root/ferry" rev-parse --short HEAD) into the root"

in_root "$ROOTFS" /root/ferry/installers/check-clean-root.sh --inside-root "${flags[@]}" ||
    fail "inside the root (the step above says which)"
pass "clean Debian 12 root: both README commands' needs are met ($((SECONDS - started)) s)"
[[ $package == 1 ]] || exit 0

# The .deb in a root that has neither Qt nor build tools: apt brings what it depends on.
DEBROOT="$WORK/deb-root"
make_root "$DEBROOT" ca-certificates
cp "$ROOTFS"/root/out/ferry_*.deb "$DEBROOT/root/"
cp -r "$ROOTFS/root/ferry/installers" "$DEBROOT/root/installers"
in_root "$DEBROOT" /root/installers/linux/check-installed-deb.sh ||
    fail "the .deb in a clean root (the step above says which)"

# The AppDir in a root with an X server and nothing of Qt: it must bring all of itself but
# what every desktop has and an AppDir leaves to it, fonts and the GL loaders (libglvnd's).
APPROOT="$WORK/appdir-root"
make_root "$APPROOT" xvfb,x11-utils,imagemagick,fonts-dejavu-core,libgl1,libegl1,libopengl0
cp -a "$ROOTFS/root/out/AppDir" "$APPROOT/root/AppDir"
cp "$ROOTFS"/root/ferry/installers/linux/{check-appdir.sh,machine-libraries.sh} "$APPROOT/root/"
in_root "$APPROOT" /root/check-appdir.sh /root/AppDir ||
    fail "the AppDir in a clean root (the step above says which)"
cp "$APPROOT/root/appdir-screenshot.png" "$CACHE/appdir-screenshot.png"
pass "AppDir's main window on Xvfb: screenshot in $CACHE/appdir-screenshot.png"
pass "packages: .deb and AppDir work in clean roots ($((SECONDS - started)) s)"
