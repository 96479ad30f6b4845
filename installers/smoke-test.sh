#!/bin/sh
# Runs the installed headless programs end to end on this machine, as the release workflow does
# on Linux, Windows and macOS after packing: a relay on 127.0.0.1, two ferry-cli profiles that
# connect through it with a one-time link, and one message each way.
#
#   installers/smoke-test.sh BIN_DIR [PORT]
#
# BIN_DIR holds ferry-relay, ferry-directory and ferry-cli (.exe on Windows). PORT (default
# 35223) must be free on 127.0.0.1.
set -eu
bin=$1
port=${2:-35223}
suffix=
[ -x "$bin/ferry-relay.exe" ] && suffix=.exe
relay_program="$bin/ferry-relay$suffix"
work=$(mktemp -d)
relay_pid=
finish() {
    [ -n "$relay_pid" ] && kill "$relay_pid" 2>/dev/null && wait "$relay_pid" 2>/dev/null
    rm -rf "$work"
}
trap finish EXIT
fail() {
    echo "smoke test: $*" >&2
    [ -f "$work/relay.log" ] && sed 's/^/  relay: /' "$work/relay.log" >&2
    exit 1
}

"$relay_program" --version
"$bin/ferry-directory$suffix" --version
"$bin/ferry-cli$suffix" --version

"$relay_program" init --data "$work/relay" --host 127.0.0.1 --port "$port" --no-password \
    >/dev/null
address=$("$relay_program" address --data "$work/relay")
"$relay_program" start --data "$work/relay" >"$work/relay.log" 2>&1 &
relay_pid=$!
tries=0
until grep -q "running" "$work/relay.log"; do
    tries=$((tries + 1))
    [ "$tries" -le 100 ] || fail "the relay did not start"
    kill -0 "$relay_pid" 2>/dev/null || fail "the relay ended"
    sleep 0.1
done

# Profiles with a passphrase from the environment and the quick key stretching.
export FERRY_PASSPHRASE=smoke-test FERRY_KDF=interactive
cli() {
    profile=$1
    shift
    "$bin/ferry-cli$suffix" --profile "$work/$profile" "$@"
}
for who in Alice Bob; do
    cli "$who" init --name "$who" >/dev/null || fail "init $who"
    cli "$who" relays add "$address" >/dev/null || fail "relays add for $who"
done
link=$(cli Alice invite) || fail "invite"
cli Bob connect "$link" >/dev/null || fail "connect"
cli Alice contacts >/dev/null || fail "contacts" # takes in Bob's confirmation
cli Bob send Alice "hello from Bob" >/dev/null || fail "Bob's send"
cli Alice send Bob "hello from Alice" >/dev/null || fail "Alice's send"
cli Alice history Bob | grep -q "hello from Bob" || fail "Alice did not get Bob's message"
cli Bob history Alice | grep -q "hello from Alice" || fail "Bob did not get Alice's message"
echo "smoke test: passed (relay $address, one message each way)"
