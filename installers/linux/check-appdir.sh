#!/usr/bin/env bash
# Run by installers/check-clean-root.sh --package as root inside a clean Debian 12 root that
# has an X server but no Qt: starts the AppDir's ferry on a virtual display, waits for its main
# window, takes a screenshot (/root/appdir-screenshot.png) and checks that every shared object
# the running app has loaded comes from the AppDir, glibc and the graphics driver stack
# excepted. Usage: check-appdir.sh APPDIR
set -euo pipefail
pass() { echo "clean-root: PASS $*"; }
fail() {
    echo "clean-root: FAIL $*" >&2
    exit 1
}
APPDIR=$(readlink -f "$1")
source "$(dirname "${BASH_SOURCE[0]}")/machine-libraries.sh"

dpkg-query -W -f='${Status}' libqt6core6 2>/dev/null | grep -q "install ok installed" &&
    fail "the root is not clean: it has Qt"

Xvfb :99 -screen 0 1280x800x24 -nolisten tcp >/root/xvfb.log 2>&1 &
xvfb=$!
app=""
finish() {
    [[ -n "$app" ]] && kill "$app" 2>/dev/null
    kill "$xvfb" 2>/dev/null
    wait 2>/dev/null || true
}
trap finish EXIT
for _ in $(seq 100); do
    [[ -S /tmp/.X11-unix/X99 ]] && break
    sleep 0.1
done
[[ -S /tmp/.X11-unix/X99 ]] || { cat /root/xvfb.log >&2; fail "Xvfb did not start"; }
export DISPLAY=:99

# A profile made without dialogs (no keychain here), so that the main window opens at once.
mkdir -p /root/home
HOME=/root/home "$APPDIR/AppRun" --profile check --name Tester --key-file /root/home/key \
    >/root/ferry.log 2>&1 &
app=$!
window=""
for _ in $(seq 300); do
    kill -0 "$app" 2>/dev/null || { cat /root/ferry.log >&2; fail "the AppDir's ferry ended"; }
    # A top-level window of class "Ferry" (the instance name is the profile's: Qt takes
    # --name for it) that is more than Qt's 1x1 helper windows.
    window=$(LANG=C.UTF-8 xwininfo -root -tree 2>/dev/null |
        grep -m1 -E '\("[^"]*" "Ferry"\) +[0-9]{2,}x[0-9]{2,}' || true)
    # Listed is not enough: the main window must be shown.
    if [[ -n "$window" ]] &&
        xwininfo -id "$(awk '{ print $1 }' <<<"$window")" | grep -q 'Map State: IsViewable'; then
        break
    fi
    window=""
    sleep 0.1
done
[[ -n "$window" ]] || { cat /root/ferry.log >&2; fail "no Ferry window appeared on the display"; }
sleep 2 # let it paint
pass "the AppDir's ferry shows its window:${window}"
import -window root /root/appdir-screenshot.png || fail "screenshot (ImageMagick import)"

foreign=()
while read -r path; do
    [[ "$path" == "$APPDIR"/* ]] && continue
    ferry_is_machine_library "$path" && continue
    foreign+=("$path")
done < <(awk '$6 ~ /\.so/ { print $6 }' "/proc/$app/maps" | sort -u)
loaded=$(awk '$6 ~ /\.so/ { print $6 }' "/proc/$app/maps" | sort -u | wc -l)
((${#foreign[@]} == 0)) || {
    printf '  %s\n' "${foreign[@]}" >&2
    fail "the AppDir's ferry loaded these from outside the AppDir"
}
pass "all $loaded shared objects ferry loaded are the AppDir's, glibc and graphics drivers aside"
