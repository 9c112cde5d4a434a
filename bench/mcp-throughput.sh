#!/usr/bin/env bash
# How many MCP calls per second Redline drives against a real third-party server, and what a session
# costs to open: server-everything (tests/mcp's pinned npm package) over stdio and over Streamable
# HTTP (on 127.0.0.1 only), a closed model of 1 and of 16 users calling `echo` with no think time,
# one session per user, then a cold-session run (session: per_iteration) for the handshake itself.
#
# Usage: bench/mcp-throughput.sh [-d SECONDS] [-p PORT] [-b PUBLISHED_DIR]
# Needs the .NET SDK, Node.js and npm (.ci/node.sh installs them as root).
set -euo pipefail
export LC_ALL=C DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1

duration=10
port=18093
published=""
while getopts "d:p:b:h" opt; do
    case "$opt" in
        d) duration=$OPTARG ;;
        p) port=$OPTARG ;;
        b) published=$OPTARG ;;
        *) sed -n '2,8p' "$0" | sed 's/^# \{0,1\}//'; exit 2 ;;
    esac
done

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/redline-mcp.XXXXXX")
artifacts=${REDLINE_BENCH_ARTIFACTS:-${TMPDIR:-/tmp}/redline-bench-artifacts}
server_pid=""

# shellcheck source=bench/lib.sh
source "$repo/bench/lib.sh"

cleanup() {
    if [[ -n "$server_pid" ]]; then pkill -TERM -P "$server_pid" 2>/dev/null || true; kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
    if [[ -n "${KEEP:-}" ]]; then log "kept $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

entry="$repo/tests/mcp/node_modules/@modelcontextprotocol/server-everything/dist/index.js"
[[ -f "$entry" ]] || bash "$repo/.ci/node.sh"
publish

run() { # name users server-yaml [extra mcp keys]
    local name=$1 users=$2 server=$3 extra=${4:-}
    cat >"$work/$name.yaml" <<YAML
suite: mcp_throughput
target: { monitor: { system: false } }
components:
  echo:
    mcp: { $server, call: echo, arguments: { message: "hello {{iteration}}" }$extra }
scenarios:
  steady:
    load: { model: closed, users: $users, duration: ${duration}s }
YAML
    dotnet "$work/redline/redline.dll" run "$work/$name.yaml" --quiet --no-store --out "$work/$name" >"$work/$name.out" 2>&1 \
        || { cat "$work/$name.out" >&2; die "redline run $name failed"; }
    python3 - "$work/$name/results.json" "$name" "$users" <<'PY'
import json, sys
scenario = json.load(open(sys.argv[1]))["scenarios"][0]
echo = scenario["components"][0]
setup = echo.get("session_setup_ms") or {}
lat = echo["latency_ms"]
gen = scenario["generator"]
print(f"{sys.argv[2]:<22} users {int(sys.argv[3]):>2}  calls/s {echo['throughput_rps']:>8.1f}  errors {echo['errors']:>4}  "
      f"p50 {lat['p50']:>7.2f} ms  p99 {lat['p99']:>7.2f} ms  sessions {setup.get('count', 0):>2}  setup p50 {setup.get('p50', float('nan')):>7.2f} ms  "
      f"generator cpu {gen['cpu_percent']}%")
PY
}

stdio="command: node, args: [\"$entry\", stdio], processes: 16"
log "stdio: server-everything $entry"
run stdio-1 1 "$stdio"
run stdio-16 16 "$stdio"
run stdio-cold 1 "$stdio" ", session: per_iteration"

log "Streamable HTTP: server-everything on 127.0.0.1:$port"
PORT=$port NODE_OPTIONS="--require $repo/tests/mcp/loopback.cjs" node "$entry" streamableHttp >"$work/server.log" 2>&1 &
server_pid=$!
for _ in $(seq 100); do port_open && break; sleep 0.1; done
port_open || die "server-everything did not listen on 127.0.0.1:$port"
http="endpoint: \"http://127.0.0.1:$port/mcp\""
run http-1 1 "$http"
run http-16 16 "$http"
run http-cold 1 "$http" ", session: per_iteration"
