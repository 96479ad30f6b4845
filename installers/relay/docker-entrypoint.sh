#!/bin/bash
# The entry point of the ferry-relay and ferry-directory containers (FERRY_PROGRAM, set by the
# image, says which). On the first start (nothing initialized in /data) it initializes the data
# folder from the environment, then runs the program in the foreground; later starts use what
# /data holds.
#   ferry-relay:
#     FERRY_RELAY_HOST      the name or address clients reach the relay at (required)
#     FERRY_RELAY_PORT      the port published for it (default 5223)
#     FERRY_RELAY_PASSWORD  the password needed to create queues (default: none)
#     FERRY_RELAY_STATUS_PORT  the /metrics and /status port inside the container, used by the
#                           health check (default 5224; 0 turns it and the health check off)
#   ferry-directory:
#     FERRY_DIRECTORY_HOST  the name or address relays and clients reach it at (required)
#     FERRY_DIRECTORY_PORT  the port published for it (default 8443)
# Inside a container the program listens on every interface; the published port is the host's
# choice and must be the one in the address.
set -euo pipefail
program=${FERRY_PROGRAM:-ferry-relay}

case "$program" in
ferry-relay)
    data=${FERRY_RELAY_DATA:-/data} config=relay.ini host=${FERRY_RELAY_HOST:-}
    host_variable=FERRY_RELAY_HOST port=${FERRY_RELAY_PORT:-5223}
    ;;
ferry-directory)
    data=${FERRY_DIRECTORY_DATA:-/data} config=directory.ini host=${FERRY_DIRECTORY_HOST:-}
    host_variable=FERRY_DIRECTORY_HOST port=${FERRY_DIRECTORY_PORT:-8443}
    ;;
*)
    echo "docker-entrypoint.sh: FERRY_PROGRAM is ferry-relay or ferry-directory, not '$program'" >&2
    exit 2
    ;;
esac

if [[ ! -f "$data/$config" ]]; then
    [[ -n "$host" ]] || {
        echo "$program: set $host_variable to the name or address it is reached at" \
            "(docker run -e $host_variable=host.example.org ...)" >&2
        exit 2
    }
    init=(init --data "$data" --host "$host" --port "$port")
    if [[ $program == ferry-relay ]]; then
        if [[ -n "${FERRY_RELAY_PASSWORD:-}" ]]; then
            init+=(--password "$FERRY_RELAY_PASSWORD")
        else
            init+=(--no-password)
        fi
    fi
    "$program" "${init[@]}"
    sed -i -e 's/^listen *=.*/listen = 0.0.0.0/' "$data/$config"
    # The relay's status endpoint stays on the container's own loopback.
    if [[ $program == ferry-relay ]]; then
        sed -i -e "s/^status_port *=.*/status_port = ${FERRY_RELAY_STATUS_PORT:-5224}/" \
            "$data/$config"
    fi
fi
exec "$program" start --data "$data" "$@"
