#!/usr/bin/env bash
# Installs Debian's prometheus package when promtool is missing, so that the dashboard's tests can
# check /metrics and the exported rules with `promtool check`. Needs root and apt-get. The package's
# server is never started here; the tests run promtool only.
set -euo pipefail

if command -v promtool >/dev/null 2>&1; then
  echo "promtool: $(promtool --version 2>&1 | head -1)"
  exit 0
fi

if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "promtool: missing, and this script needs root and apt-get to install Debian's prometheus package" >&2
  exit 1
fi

export DEBIAN_FRONTEND=noninteractive
apt_get() { apt-get -o DPkg::Lock::Timeout=300 "$@"; }
# Without package lists (a fresh machine) the install fails; update once and retry. The package's
# post-install cannot start a service without an init system, which is what we want.
if ! apt_get install -y -qq --no-install-recommends prometheus >/dev/null 2>&1; then
  apt_get update -qq
  apt_get install -y -qq --no-install-recommends prometheus >/dev/null
fi

command -v promtool >/dev/null 2>&1 || { echo "promtool: prometheus installed, but promtool is missing" >&2; exit 1; }
# A machine with an init system starts the packaged server; the tests do not want it.
if command -v systemctl >/dev/null 2>&1 && systemctl is-active --quiet prometheus 2>/dev/null; then
  systemctl stop prometheus || true
  systemctl disable prometheus >/dev/null 2>&1 || true
fi
echo "promtool: installed $(promtool --version 2>&1 | head -1)"
