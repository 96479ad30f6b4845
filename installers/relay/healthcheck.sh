#!/bin/bash
# The container's health check: the relay's own status endpoint answers on the container's
# loopback (status_port in relay.ini). Healthy while the relay serves.
set -euo pipefail
data=${FERRY_RELAY_DATA:-/data}
port=$(sed -n 's/^status_port *= *\([0-9]*\).*/\1/p' "$data/relay.ini")
[[ -n "$port" && "$port" != 0 ]] || exit 0 # turned off: nothing to ask
exec 3<>"/dev/tcp/127.0.0.1/$port"
printf 'GET /status HTTP/1.0\r\nHost: localhost\r\n\r\n' >&3
IFS= read -r -t 5 status <&3
[[ "$status" == *" 200 "* ]]
