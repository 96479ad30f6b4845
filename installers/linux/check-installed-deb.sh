#!/usr/bin/env bash
# Run by installers/check-clean-root.sh --package as root inside a clean Debian 12 root that
# holds ferry_*.deb in /root: installs it as a user would and starts what it installed.
set -euo pipefail
pass() { echo "clean-root: PASS $*"; }
fail() {
    echo "clean-root: FAIL $*" >&2
    exit 1
}
cd /root
export DEBIAN_FRONTEND=noninteractive

installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"; }
for pkg in libqt6core6 qt6-base-dev g++ cmake; do
    installed "$pkg" && fail "the root is not clean: $pkg is installed before the .deb"
done

apt-get update -qq || fail "apt-get update"
deb=$(echo ferry_*.deb)
apt install -y -qq "./$deb" >/root/apt.log 2>&1 || {
    cat /root/apt.log >&2
    fail "apt install ./$deb"
}
pass "apt install ./$deb ($(dpkg-query -W -f='${Installed-Size}' ferry) KiB, $(grep -c '^Setting up' /root/apt.log) packages set up)"
for pkg in g++ cmake qt6-base-dev; do
    installed "$pkg" && fail "installing the .deb pulled in the build tool $pkg"
done

ferry --version || fail "ferry --version"
ferry-relay --version || fail "ferry-relay --version"
ferry-cli --help >/dev/null || fail "ferry-cli --help"
ferry-directory --version || fail "ferry-directory --version"
pass "ferry, ferry-relay, ferry-cli and ferry-directory from the .deb run"

for file in /usr/share/applications/org.ferry.Ferry.desktop \
    /usr/share/metainfo/org.ferry.Ferry.metainfo.xml \
    /usr/share/icons/hicolor/scalable/apps/org.ferry.Ferry.svg \
    /usr/share/icons/hicolor/256x256/apps/org.ferry.Ferry.png \
    /usr/share/man/man1/{ferry,ferry-relay,ferry-cli,ferry-directory}.1.gz; do
    [[ -s "$file" ]] || fail "the .deb did not install $file"
done
pass "desktop entry, metainfo, icons and manual pages installed"

# The installed relay starts (in its own network namespace: its port stays off the host).
ferry-relay init --data /root/relay --host 127.0.0.1 --no-password >/root/relay-init.log 2>&1 ||
    { cat /root/relay-init.log >&2; fail "ferry-relay init"; }
unshare --net -- ferry-relay start --data /root/relay >/root/relay.log 2>&1 &
relay=$!
for _ in $(seq 100); do
    grep -q 'Relay running on' /root/relay.log && break
    sleep 0.1
done
kill -TERM "$relay" 2>/dev/null || true
wait "$relay" || true
grep -q 'Relay running on' /root/relay.log || { cat /root/relay.log >&2; fail "ferry-relay start"; }
pass "the installed ferry-relay initializes and starts"

apt remove -y -qq ferry >/root/apt-remove.log 2>&1 || { cat /root/apt-remove.log >&2; fail "apt remove ferry"; }
[[ ! -e /usr/bin/ferry ]] || fail "apt remove ferry left /usr/bin/ferry"
pass "apt remove ferry removes it"
