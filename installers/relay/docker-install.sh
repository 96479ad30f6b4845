#!/bin/bash
# Run by installers/relay/Dockerfile as root while it makes an image: installs the .deb and
# what the health check needs (openssl for the directory's TLS), removes the package lists and
# the .deb, and adds the program's system user, who owns /data.
# Usage: docker-install.sh ferry-relay|ferry-directory FERRY_DEB
set -euo pipefail
program=$1 deb=$2
case "$program" in
ferry-relay) extra=() ;;
ferry-directory) extra=(openssl) ;;
*)
    echo "docker-install.sh: ferry-relay or ferry-directory, not '$program'" >&2
    exit 2
    ;;
esac
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "$deb" "${extra[@]}" >/dev/null
rm -rf /var/lib/apt/lists/* "$deb"
useradd --system --user-group --home-dir /data --shell /usr/sbin/nologin "$program"
install -d -m 0700 -o "$program" -g "$program" /data
