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
before=$(dpkg-query -W -f='.\n' | wc -l)
deb=$(echo ferry_*.deb)
apt install -y -qq "./$deb" >/root/apt.log 2>&1 || {
    cat /root/apt.log >&2
    fail "apt install ./$deb"
}
pass "apt install ./$deb ($(dpkg-query -W -f='${Installed-Size}' ferry) KiB; with it, $(($(dpkg-query -W -f='.\n' | wc -l) - before)) packages were installed)"
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

# What the checks below use: systemd-analyze and man (the unit names its manual page), ip.
apt-get install -y -qq --no-install-recommends systemd man-db iproute2 >/root/apt-tools.log 2>&1 ||
    { cat /root/apt-tools.log >&2; fail "apt-get install systemd man-db iproute2"; }

# The installed programs end to end, as the release workflow checks them on Windows and macOS
# too (installers/smoke-test.sh): a relay, two ferry-cli profiles that connect with a one-time
# link, one message each way. In a network namespace of its own.
unshare --net -- bash -c 'ip link set lo up && /root/installers/smoke-test.sh /usr/bin' \
    >/root/smoke.log 2>&1 || { cat /root/smoke.log >&2; fail "installers/smoke-test.sh /usr/bin"; }
pass "$(tail -n 1 /root/smoke.log)"

# The relay container's entry point and health check (installers/relay/Dockerfile), which need no
# container runtime to run: without a host it refuses; with one it initializes, starts, and
# the health check passes while it runs. All in one network namespace of its own.
docker_dir=/root/installers/relay
FERRY_RELAY_DATA=/root/docker-data "$docker_dir/docker-entrypoint.sh" >/root/entry.log 2>&1 &&
    fail "the container's entry point started without FERRY_RELAY_HOST"
grep -q 'set FERRY_RELAY_HOST' /root/entry.log || fail "the entry point did not say what is missing"
unshare --net -- bash -c '
    ip link set lo up
    FERRY_RELAY_DATA=/root/docker-data FERRY_RELAY_HOST=relay.example.org \
        "$1/docker-entrypoint.sh" >/root/entry.log 2>&1 &
    relay=$!
    for _ in $(seq 100); do
        grep -q "Relay running on 0.0.0.0" /root/entry.log && break
        sleep 0.1
    done
    FERRY_RELAY_DATA=/root/docker-data "$1/healthcheck.sh"
    healthy=$?
    kill -TERM $relay
    wait $relay
    exit $healthy
' check "$docker_dir" || { cat /root/entry.log >&2; fail "the container's entry point or health check"; }
pass "the container's entry point initializes from the environment; its health check passes"

# The installer on top of the .deb, for the relay and for the directory: a system user, init,
# the hardened unit. systemd does not run in this root, so the unit is checked by
# systemd-analyze, not started.
check_installer() {
    local program=$1 label=$2 flags=("${@:3}")
    local unit=/etc/systemd/system/$program.service data=/var/lib/$program
    local what="install.sh${flags[*]:+ ${flags[*]}}"
    run_installer() {
        /root/installers/relay/install.sh "${flags[@]}" --host "$program.example.org" --no-start \
            "$@" >/root/install.log 2>&1 ||
            { cat /root/install.log >&2; fail "installers/relay/$what $*"; }
    }
    run_installer --deb "/root/$deb"
    local address
    address=$(grep -m1 "^$label address: " /root/install.log) ||
        { cat /root/install.log >&2; fail "$what printed no address"; }
    grep -q "offline CA key is in $data/ca.key" /root/install.log ||
        fail "$what did not say where the offline key is"
    [[ "$(stat -c '%U %a' "$data")" == "$program 700" ]] ||
        fail "the data folder $data is not the service user's alone"
    systemd-analyze verify "$unit" || fail "systemd-analyze verify $program.service"
    local exposure
    exposure=$(systemd-analyze security --offline=yes "$unit" |
        sed -n "s/.*Overall exposure level for $program.service: \([0-9.]*\).*/\1/p")
    awk -v e="$exposure" 'BEGIN { exit !(e != "" && e <= 2.0) }' ||
        fail "systemd-analyze security: $program's exposure ${exposure:-unknown} is above 2.0"
    pass "$what: $address; unit verified, exposure $exposure (at most 2.0)"
    run_installer
    [[ "$(grep -m1 "^$label address:" /root/install.log)" == "$address" ]] ||
        fail "a second $what changed the address"
    pass "a second $what keeps $program (same address)"
    /root/installers/relay/install.sh "${flags[@]}" --uninstall >/root/uninstall.log 2>&1 ||
        { cat /root/uninstall.log >&2; fail "$what --uninstall"; }
    [[ ! -e "$unit" ]] && ! id "$program" >/dev/null 2>&1 && [[ -n "$(ls "$data")" ]] ||
        fail "$what --uninstall did not remove the unit and user, keeping the data"
    pass "$what --uninstall removes the service and keeps the data"
}
check_installer ferry-relay Relay
check_installer ferry-directory Directory --directory

# The directory's image as installers/relay/Dockerfile makes it (docker-install.sh, the scripts
# in /usr/local/bin), its entry point run as the image's user and its health check over TLS, in
# a network namespace.
cp "/root/$deb" /root/image.deb
/root/installers/relay/docker-install.sh ferry-directory /root/image.deb >/root/image.log 2>&1 ||
    { cat /root/image.log >&2; fail "docker-install.sh ferry-directory"; }
install -m 0755 "$docker_dir"/{docker-entrypoint.sh,healthcheck.sh} /usr/local/bin/
unshare --net -- bash -c '
    ip link set lo up
    as_image() { runuser -u ferry-directory -- env FERRY_PROGRAM=ferry-directory "$@"; }
    as_image FERRY_DIRECTORY_HOST=directory.example.org /usr/local/bin/docker-entrypoint.sh \
        >/root/entry.log 2>&1 &
    directory=$!
    for _ in $(seq 100); do
        grep -q "Directory running on 0.0.0.0" /root/entry.log && break
        sleep 0.1
    done
    as_image /usr/local/bin/healthcheck.sh
    healthy=$?
    kill -TERM $directory
    wait $directory
    exit $healthy
' || { cat /root/entry.log >&2; fail "the directory image's entry point or health check"; }
pass "the directory image's user, entry point and health check (TLS) work"

apt remove -y -qq ferry >/root/apt-remove.log 2>&1 || { cat /root/apt-remove.log >&2; fail "apt remove ferry"; }
[[ ! -e /usr/bin/ferry ]] || fail "apt remove ferry left /usr/bin/ferry"
pass "apt remove ferry removes it"
