#!/usr/bin/env bash
# Installs Debian's chromium package when /usr/bin/chromium is missing, so that the HTML report's
# tests can open a report in a real headless browser. Needs root and apt-get; never fetches a
# browser any other way. The tests take the same lock file, so a test run that installs chromium
# itself and this script never run apt-get at the same time.
set -euo pipefail

browser=/usr/bin/chromium
lock=/tmp/redline-chromium-install.lock

if [ -x "$browser" ]; then
  echo "chromium: $("$browser" --version 2>/dev/null || echo "$browser") already installed"
  exit 0
fi

if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "chromium: $browser is missing and this script needs root and apt-get to install it" >&2
  echo "chromium: install Debian's chromium package (apt-get install chromium)" >&2
  exit 1
fi

exec 9>"$lock"
flock -w 900 9 || { echo "chromium: timed out waiting for $lock" >&2; exit 1; }
# Another process may have installed it while this one waited for the lock.
if [ -x "$browser" ]; then
  echo "chromium: installed meanwhile"
  exit 0
fi

export DEBIAN_FRONTEND=noninteractive
apt_get() { apt-get -o DPkg::Lock::Timeout=300 "$@"; }
# Without package lists (a fresh machine) the install fails; update once and retry.
if ! apt_get install -y -qq chromium >/dev/null 2>&1; then
  apt_get update -qq
  apt_get install -y -qq chromium >/dev/null
fi

[ -x "$browser" ] || { echo "chromium: installed, but $browser is missing" >&2; exit 1; }
echo "chromium: installed $("$browser" --version 2>/dev/null || echo "$browser")"
