#!/bin/bash
# The ferry-relay container's entry point. On the first start (no relay.ini in /data) it
# initializes the relay from the environment:
#   FERRY_RELAY_HOST      the name or address clients reach the relay at (required)
#   FERRY_RELAY_PORT      the port published for it (default 5223)
#   FERRY_RELAY_PASSWORD  the password needed to create queues (default: none)
#   FERRY_RELAY_STATUS_PORT  the /metrics and /status port inside the container, used by the
#                         health check (default 5224; 0 turns it and the health check off)
# then runs the relay in the foreground. Later starts use what /data holds.
set -euo pipefail
data=${FERRY_RELAY_DATA:-/data}

if [[ ! -f "$data/relay.ini" ]]; then
    [[ -n "${FERRY_RELAY_HOST:-}" ]] || {
        echo "ferry-relay: set FERRY_RELAY_HOST to the name or address clients reach" \
            "this relay at (docker run -e FERRY_RELAY_HOST=relay.example.org ...)" >&2
        exit 2
    }
    init=(init --data "$data" --host "$FERRY_RELAY_HOST" --port "${FERRY_RELAY_PORT:-5223}")
    if [[ -n "${FERRY_RELAY_PASSWORD:-}" ]]; then
        init+=(--password "$FERRY_RELAY_PASSWORD")
    else
        init+=(--no-password)
    fi
    ferry-relay "${init[@]}"
    # Inside a container the relay must listen on every interface; the published port is
    # the host's choice. The status endpoint stays on the container's own loopback.
    sed -i -e 's/^listen *=.*/listen = 0.0.0.0/' \
        -e "s/^status_port *=.*/status_port = ${FERRY_RELAY_STATUS_PORT:-5224}/" "$data/relay.ini"
fi
exec ferry-relay start --data "$data" "$@"
