#!/usr/bin/env bash
# Installs ferry-relay as a system service on Debian, Ubuntu or Raspberry Pi OS (amd64, arm64):
# the program (from a .deb, one already installed, or built from this checkout without the
# desktop app), a system user, `ferry-relay init` with the host it is given, and a hardened
# systemd unit; then starts it and prints its address and where the offline key is.
# Running it again changes nothing that is there already (the data folder and its identity
# are kept; the unit is rewritten from the template).
#
# Usage: installers/relay/install.sh --host NAME [--port N] [--password PW] [--deb FILE]
#                                    [--data DIR] [--no-start]
#        installers/relay/install.sh --uninstall [--purge] [--data DIR]
#   --host NAME    the name or address clients reach the relay at (part of its address)
#   --port N       the port (default 5223); below 1024 the service gets CAP_NET_BIND_SERVICE
#   --password PW  the password needed to create queues (default: none)
#   --deb FILE     install ferry-relay from this .deb (else: the installed one, else build)
#   --data DIR     the data folder (default /var/lib/ferry-relay)
#   --no-start     write everything but do not enable or start the service
#   --uninstall    stop and remove the service and the user; the data folder stays
#   --purge        with --uninstall: remove the data folder too (the relay's identity is lost)
set -euo pipefail

say() { echo "ferry-relay install: $*"; }
fail() {
    echo "ferry-relay install: $*" >&2
    exit 1
}

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
UNIT=/etc/systemd/system/ferry-relay.service
USER_NAME=ferry-relay
host="" port=5223 password="" deb="" data=/var/lib/ferry-relay
start=1 uninstall=0 purge=0
while (($#)); do
    case "$1" in
    --host) host=${2:?--host needs a name} && shift ;;
    --port) port=${2:?--port needs a number} && shift ;;
    --password) password=${2:?--password needs a value} && shift ;;
    --deb) deb=${2:?--deb needs a file} && shift ;;
    --data) data=${2:?--data needs a folder} && shift ;;
    --no-start) start=0 ;;
    --uninstall) uninstall=1 ;;
    --purge) purge=1 ;;
    -h | --help)
        sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed -e '$d' -e 's/^# \{0,1\}//'
        exit 0
        ;;
    *) fail "unknown option '$1' (try --help)" ;;
    esac
    shift
done
[[ $(id -u) -eq 0 ]] || fail "run it as root (it adds a system user and a service)"
[[ "$data" == /* ]] || fail "--data must be an absolute path"
systemd_running() { [[ -d /run/systemd/system ]]; }

if [[ $uninstall == 1 ]]; then
    if systemd_running; then
        systemctl disable --now ferry-relay.service 2>/dev/null || true
    fi
    rm -f "$UNIT"
    systemd_running && systemctl daemon-reload
    if id "$USER_NAME" >/dev/null 2>&1; then
        userdel "$USER_NAME"
    fi
    if [[ $purge == 1 ]]; then
        rm -rf --one-file-system "$data"
        say "removed the service, the user and the data folder $data"
    else
        say "removed the service and the user; the data folder $data is kept" \
            "(--uninstall --purge removes it)"
    fi
    exit 0
fi

[[ -n "$host" ]] || fail "--host is needed: the name or address clients reach the relay at"
[[ "$port" =~ ^[0-9]+$ ]] && ((port >= 1 && port <= 65535)) || fail "--port must be 1-65535"

# The program.
if [[ -n "$deb" ]]; then
    [[ -f "$deb" ]] || fail "no such file: $deb"
    say "installing $deb"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$(readlink -f "$deb")" >/dev/null ||
        fail "apt-get could not install $deb"
fi
binary=$(command -v ferry-relay || true)
if [[ -z "$binary" ]]; then
    checkout="$(cd "$HERE/../.." && pwd)"
    [[ -f "$checkout/scripts/configs.sh" ]] ||
        fail "ferry-relay is not installed and $checkout is not a Ferry checkout to build it in"
    say "building ferry-relay from $checkout (without the desktop app)"
    "$checkout/scripts/deps.sh" relay
    # shellcheck source=/dev/null
    source "$checkout/scripts/configs.sh"
    ferry_configure_relay "$checkout/build/relay"
    cmake --build "$checkout/build/relay"
    cmake --install "$checkout/build/relay" --prefix /usr/local --strip >/dev/null
    binary=/usr/local/bin/ferry-relay
fi
say "ferry-relay: $binary ($("$binary" --version))"

# The user and the data folder. (useradd is on every Debian system but the most minimal.)
if ! command -v useradd >/dev/null; then
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq passwd >/dev/null ||
        fail "useradd is missing and apt-get could not install passwd"
fi
if ! id "$USER_NAME" >/dev/null 2>&1; then
    useradd --system --user-group --home-dir "$data" --no-create-home \
        --shell /usr/sbin/nologin "$USER_NAME"
    say "added the system user $USER_NAME"
fi
install -d -m 0700 -o "$USER_NAME" -g "$USER_NAME" "$data"
if [[ -f "$data/relay.ini" ]]; then
    say "kept the relay already initialized in $data"
else
    init=(init --data "$data" --host "$host" --port "$port")
    if [[ -n "$password" ]]; then init+=(--password "$password"); else init+=(--no-password); fi
    runuser -u "$USER_NAME" -- "$binary" "${init[@]}" >/dev/null ||
        fail "ferry-relay init failed (its message is above)"
    say "initialized the relay in $data"
fi

# The unit: file descriptors above max_connections; a port below 1024 needs a capability,
# which a private user namespace would make useless.
max_connections=$(sed -n 's/^max_connections *= *\([0-9]*\).*/\1/p' "$data/relay.ini")
nofile=$((2 * ${max_connections:-1000} + 1024))
configured_port=$(sed -n 's/^port *= *\([0-9]*\).*/\1/p' "$data/relay.ini")
if ((${configured_port:-$port} < 1024)); then
    capabilities=CAP_NET_BIND_SERVICE private_users=no
else
    capabilities="" private_users=yes
fi
sed -e "s|@BINARY@|$binary|g" -e "s|@DATA@|$data|g" -e "s|@NOFILE@|$nofile|g" \
    -e "s|@CAPABILITIES@|$capabilities|g" -e "s|@PRIVATE_USERS@|$private_users|g" \
    "$HERE/ferry-relay.service.in" >"$UNIT.tmp"
chmod 0644 "$UNIT.tmp"
mv "$UNIT.tmp" "$UNIT"
say "wrote $UNIT"

address=$(runuser -u "$USER_NAME" -- "$binary" address --data "$data")
if [[ $start == 1 ]]; then
    systemd_running || fail "systemd is not running here: start the relay with" \
        "'$binary start --data $data' as $USER_NAME, or use --no-start"
    systemctl daemon-reload
    systemctl enable ferry-relay.service >/dev/null 2>&1
    # restart, not start: a second run's unit takes effect.
    systemctl restart ferry-relay.service ||
        fail "the service did not start: journalctl -u ferry-relay says why"
    say "started: systemctl status ferry-relay"
fi
echo
echo "Relay address: $address"
if [[ -f "$data/ca.key" ]]; then
    echo "The offline CA key is in $data/ca.key: move it to offline storage and keep a copy;"
    echo "it is only needed to issue a new online certificate."
fi
