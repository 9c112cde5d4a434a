#!/usr/bin/env bash
# The MCP tests measure a third-party server from npm (@modelcontextprotocol/server-everything):
# Node.js and npm from Debian when missing, then the server from tests/mcp's lock file.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm >/dev/null
fi
npm ci --no-audit --no-fund --silent --prefix tests/mcp
