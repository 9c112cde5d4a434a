#!/usr/bin/env bash
# Installs PostgreSQL's server binaries (Debian's postgresql package) when they are missing, so that
# the history tests' PostgresServer fixture can start its own throwaway cluster on 127.0.0.1. It
# starts no server: each test run makes, and deletes, its own. Needs root and apt-get. Nothing to do
# when REDLINE_TEST_POSTGRES names a server already.
set -euo pipefail

if [ -n "${REDLINE_TEST_POSTGRES:-}" ]; then
  echo "postgres: using REDLINE_TEST_POSTGRES"
  exit 0
fi

if compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null && compgen -G "/usr/lib/postgresql/*/bin/pg_ctl" >/dev/null; then
  echo "postgres: $(ls -d /usr/lib/postgresql/*/bin | tail -n 1) already installed"
  exit 0
fi

if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "postgres: PostgreSQL is not installed and this script needs root and apt-get to install it" >&2
  echo "postgres: install it (apt-get install postgresql) or set REDLINE_TEST_POSTGRES to a server's connection string" >&2
  exit 1
fi

export DEBIAN_FRONTEND=noninteractive
apt_get() { apt-get -o DPkg::Lock::Timeout=300 "$@"; }
# Without package lists (a fresh machine) the install fails; update once and retry.
if ! apt_get install -y -qq postgresql >/dev/null 2>&1; then
  apt_get update -qq
  apt_get install -y -qq postgresql >/dev/null
fi

compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null || { echo "postgres: installed, but no initdb under /usr/lib/postgresql/*/bin" >&2; exit 1; }
echo "postgres: installed $(ls -d /usr/lib/postgresql/*/bin | tail -n 1)"
