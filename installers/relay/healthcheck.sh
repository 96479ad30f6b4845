#!/bin/bash
# The containers' health check (FERRY_PROGRAM says which program), healthy while it serves:
# the relay's own status endpoint answers on the container's loopback (status_port in
# relay.ini); the directory answers GET /metrics over TLS on its port.
set -euo pipefail
program=${FERRY_PROGRAM:-ferry-relay}
request='GET %s HTTP/1.0\r\nHost: localhost\r\n\r\n'
if [[ $program == ferry-directory ]]; then
    data=${FERRY_DIRECTORY_DATA:-/data}
    port=$(sed -n 's/^port *= *\([0-9]*\).*/\1/p' "$data/directory.ini")
    # shellcheck disable=SC2059
    status=$(printf "$request" /metrics |
        timeout 8 openssl s_client -connect "127.0.0.1:$port" -quiet 2>/dev/null | head -n1) ||
        true # what a cut-off or refused connection leaves is judged below
else
    data=${FERRY_RELAY_DATA:-/data}
    port=$(sed -n 's/^status_port *= *\([0-9]*\).*/\1/p' "$data/relay.ini")
    [[ -n "$port" && "$port" != 0 ]] || exit 0 # turned off: nothing to ask
    exec 3<>"/dev/tcp/127.0.0.1/$port"
    # shellcheck disable=SC2059
    printf "$request" /status >&3
    IFS= read -r -t 5 status <&3
fi
[[ "$status" == *" 200 "* ]]
