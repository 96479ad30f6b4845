#!/usr/bin/env bash
# Installs ferry-relay (or, with --directory, ferry-directory) as a system service on Debian,
# Ubuntu or Raspberry Pi OS (amd64, arm64): the program (from a .deb, one already installed, or
# built from this checkout without the desktop app), a system user, `PROGRAM init` with the host
# it is given, and a hardened systemd unit; then starts it and prints its address and where the
# offline key is. Running it again changes nothing that is there already (the data folder and
# its identity are kept; the unit is rewritten from the template). Both can run on one machine:
# each has its own user, data folder and unit.
#
# Usage: installers/relay/install.sh [--directory] --host NAME [--port N] [--password PW]
#                                    [--deb FILE] [--data DIR] [--no-start]
#        installers/relay/install.sh [--directory] --uninstall [--purge] [--data DIR]
#   --directory    install the relay directory, ferry-directory, instead of the relay
#   --host NAME    the name or address clients reach it at (part of its address)
#   --port N       the port (relay 5223, directory 8443); below 1024 the service gets
#                  CAP_NET_BIND_SERVICE (a directory on 443 serves browsers the usual way)
#   --password PW  the relay's password for creating queues (default: none; relay only)
#   --deb FILE     install the program from this .deb (else: the installed one, else build)
#   --data DIR     the data folder (default /var/lib/ferry-relay or /var/lib/ferry-directory)
#   --no-start     write everything but do not enable or start the service
#   --uninstall    stop and remove the service and the user; the data folder stays
#   --purge        with --uninstall: remove the data folder too (the identity is lost)
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
program=ferry-relay
host="" port="" password="" deb="" data=""
start=1 uninstall=0 purge=0
say() { echo "$program install: $*"; }
fail() {
    echo "$program install: $*" >&2
    exit 1
}
while (($#)); do
    case "$1" in
    --directory) program=ferry-directory ;;
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
# What differs between the two programs; the rest of this script is the same for both.
if [[ $program == ferry-relay ]]; then
    config=relay.ini default_port=5223 description="Ferry SMP relay"
else
    config=directory.ini default_port=8443 description="Ferry relay directory"
    [[ -z "$password" ]] || fail "--password is the relay's; a directory has none"
fi
port=${port:-$default_port} data=${data:-/var/lib/$program}
UNIT=/etc/systemd/system/$program.service
USER_NAME=$program

[[ $(id -u) -eq 0 ]] || fail "run it as root (it adds a system user and a service)"
[[ "$data" == /* ]] || fail "--data must be an absolute path"
systemd_running() { [[ -d /run/systemd/system ]]; }

if [[ $uninstall == 1 ]]; then
    if systemd_running; then
        systemctl disable --now "$program.service" 2>/dev/null || true
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

[[ -n "$host" ]] || fail "--host is needed: the name or address clients reach it at"
[[ "$port" =~ ^[0-9]+$ ]] && ((port >= 1 && port <= 65535)) || fail "--port must be 1-65535"

# The program.
if [[ -n "$deb" ]]; then
    [[ -f "$deb" ]] || fail "no such file: $deb"
    say "installing $deb"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$(readlink -f "$deb")" >/dev/null ||
        fail "apt-get could not install $deb"
fi
binary=$(command -v "$program" || true)
if [[ -z "$binary" ]]; then
    checkout="$(cd "$HERE/../.." && pwd)"
    [[ -f "$checkout/scripts/configs.sh" ]] ||
        fail "$program is not installed and $checkout is not a Ferry checkout to build it in"
    say "building $program from $checkout (without the desktop app)"
    "$checkout/scripts/deps.sh" relay
    # shellcheck source=/dev/null
    source "$checkout/scripts/configs.sh"
    ferry_configure_relay "$checkout/build/relay"
    cmake --build "$checkout/build/relay"
    cmake --install "$checkout/build/relay" --prefix /usr/local --strip >/dev/null
    binary=/usr/local/bin/$program
fi
say "$program: $binary ($("$binary" --version))"

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
if [[ -f "$data/$config" ]]; then
    say "kept what is already initialized in $data"
else
    init=(init --data "$data" --host "$host" --port "$port")
    if [[ $program == ferry-relay ]]; then
        if [[ -n "$password" ]]; then init+=(--password "$password"); else init+=(--no-password); fi
    fi
    runuser -u "$USER_NAME" -- "$binary" "${init[@]}" >/dev/null ||
        fail "$program init failed (its message is above)"
    say "initialized $program in $data"
fi

# The unit: file descriptors above max_connections; a port below 1024 needs a capability,
# which a private user namespace would make useless.
max_connections=$(sed -n 's/^max_connections *= *\([0-9]*\).*/\1/p' "$data/$config")
nofile=$((2 * ${max_connections:-1000} + 1024))
configured_port=$(sed -n 's/^port *= *\([0-9]*\).*/\1/p' "$data/$config")
if ((${configured_port:-$port} < 1024)); then
    capabilities=CAP_NET_BIND_SERVICE private_users=no
else
    capabilities="" private_users=yes
fi
sed -e "s|@PROGRAM@|$program|g" -e "s|@DESCRIPTION@|$description|g" \
    -e "s|@BINARY@|$binary|g" -e "s|@DATA@|$data|g" -e "s|@NOFILE@|$nofile|g" \
    -e "s|@CAPABILITIES@|$capabilities|g" -e "s|@PRIVATE_USERS@|$private_users|g" \
    "$HERE/service.in" >"$UNIT.tmp"
chmod 0644 "$UNIT.tmp"
mv "$UNIT.tmp" "$UNIT"
say "wrote $UNIT"

address=$(runuser -u "$USER_NAME" -- "$binary" address --data "$data")
if [[ $start == 1 ]]; then
    systemd_running || fail "systemd is not running here: start it with" \
        "'$binary start --data $data' as $USER_NAME, or use --no-start"
    systemctl daemon-reload
    systemctl enable "$program.service" >/dev/null 2>&1
    # restart, not start: a second run's unit takes effect.
    systemctl restart "$program.service" ||
        fail "the service did not start: journalctl -u $program says why"
    say "started: systemctl status $program"
fi
echo
if [[ $program == ferry-relay ]]; then echo "Relay address: $address"; else echo "Directory address: $address"; fi
if [[ -f "$data/ca.key" ]]; then
    echo "The offline CA key is in $data/ca.key: move it to offline storage and keep a copy;"
    echo "it is only needed to issue a new online certificate."
fi
