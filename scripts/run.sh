#!/usr/bin/env bash
# Installs what is missing, builds Release and starts Ferry: the desktop app with a display,
# the headless relay without one. Says what it does at each step and is quiet only when there
# is nothing to do. Build folder: build/release (override with FERRY_BUILD_DIR).
# Headless: the relay's data folder is FERRY_RELAY_DATA (default ~/.local/share/ferry-relay);
# the first start creates it for the host name or address in FERRY_RELAY_HOST (default: this
# machine's public address if it has one, else localhost). Arguments go to the program
# started (ferry, or ferry-relay start, e.g. --map-port).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$ROOT/scripts/deps.sh"
source "$ROOT/scripts/configs.sh"
ferry_install_deps build

BUILD="${FERRY_BUILD_DIR:-$ROOT/build/release}"
if [[ ! -f "$BUILD/build.ninja" ]]; then
    ferry_configure_run "$BUILD"
fi
if ! cmake --build "$BUILD" -- -n 2>/dev/null | grep -q '^ninja: no work to do'; then
    echo "Building Ferry (Release) in $BUILD; a first build takes about 8 minutes on two cores"
    cmake --build "$BUILD" -j "$(nproc)"
fi

if [[ -n "${DISPLAY:-}" || -n "${WAYLAND_DISPLAY:-}" ]]; then
    echo "Starting Ferry"
    exec "$BUILD/app/ferry" "$@"
fi

# A globally routable address of this machine's own (a server's), if it has one: private,
# shared (CGNAT), link-local and unique-local addresses are no use to anyone elsewhere.
public_address() {
    local private='^(10\.|192\.168\.|172\.(1[6-9]|2[0-9]|3[01])\.|f[cd]|fe80'
    local shared='|100\.(6[4-9]|[7-9][0-9]|1[01][0-9]|12[0-7])\.)'
    command -v ip >/dev/null || return 0
    ip -o addr show scope global 2>/dev/null | awk '{ sub(/\/.*/, "", $4); print $4 }' |
        grep -Ev "$private$shared" | head -n 1 || true
}

DATA="${FERRY_RELAY_DATA:-${XDG_DATA_HOME:-$HOME/.local/share}/ferry-relay}"
RELAY="$BUILD/app/ferry-relay"
echo "No display found: starting the headless relay."
if [[ ! -f "$DATA/relay.ini" ]]; then
    host="${FERRY_RELAY_HOST:-$(public_address)}"
    "$RELAY" init --data "$DATA" --host "${host:-localhost}"
    echo
else
    echo "Data folder: $DATA (kept from an earlier start)"
fi
address="$("$RELAY" address --data "$DATA")"
echo "The relay's address, for Ferry and SimpleX apps: $address"
case "$address" in
*@localhost:* | *@localhost,* | *@127.* | *@\[::1\]*)
    cat <<EOF
This address names this machine only: nobody else can use it. Give the relay the host name
or public address others reach it at: stop it, set "host = relay.example.org" in
$DATA/relay.ini and start again (or start with FERRY_RELAY_HOST=relay.example.org and a new
data folder). Behind a home router, "scripts/run.sh --map-port" asks the router to forward
the port and publishes the router's public address instead.
EOF
    ;;
esac
echo "Stop the relay with Ctrl-C; its queues and messages stay in the data folder."
exec "$RELAY" start --data "$DATA" "$@"
