#!/usr/bin/env bash
# Installs Debian's nftables package when nft is missing: packet_loss drops real packets with an
# nftables table in a network namespace Redline makes, and its tests (run as root) check that.
# Needs root and apt-get. The tests install it the same way under the same lock when it is missing.
set -euo pipefail

lock=/tmp/redline-nftables-install.lock
if command -v nft >/dev/null 2>&1 || [ -x /usr/sbin/nft ]; then
  echo "nftables: already installed"
  exit 0
fi

if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "nftables: nft is missing and this script needs root and apt-get to install it (apt-get install nftables)" >&2
  exit 1
fi

exec 9>"$lock"
flock -w 900 9 || { echo "nftables: timed out waiting for $lock" >&2; exit 1; }
[ -x /usr/sbin/nft ] && { echo "nftables: installed meanwhile"; exit 0; }
export DEBIAN_FRONTEND=noninteractive
apt_get() { apt-get -o DPkg::Lock::Timeout=300 "$@"; }
if ! apt_get install -y -qq nftables >/dev/null 2>&1; then
  apt_get update -qq
  apt_get install -y -qq nftables >/dev/null
fi
[ -x /usr/sbin/nft ] || { echo "nftables: installed, but /usr/sbin/nft is missing" >&2; exit 1; }
echo "nftables: installed $(/usr/sbin/nft --version)"
