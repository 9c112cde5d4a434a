#!/usr/bin/env bash
# Compares Redline's efficiency with wrk's and autocannon's: requests per CPU-second against the
# same local nginx, nginx pinned to core 0 and the load generator to core 1, same connections,
# same duration; Redline once per HTTP client (its own HTTP/1.1 client, and HttpClient).
#
# Usage: bench/wrk-compare.sh [-c CONNECTIONS] [-d SECONDS] [-p PORT] [-r RUNS] [-w WARMUP_SECONDS] [-t TRANSPORTS] [-A] [-b PUBLISHED_DIR]
# -t the transports to run Redline with, default "http1 httpclient"; -A leaves autocannon out.
# -b runs a redline.dll published earlier instead of publishing src/Redline.Cli first.
# Needs two cores, root (or sudo) to install wrk, nginx and npm if missing, and the .NET SDK.
set -euo pipefail
export LC_ALL=C DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1

connections=50
duration=10
port=18080
runs=1
warmup=2
published=""
transports="http1 httpclient"
autocannon=1
while getopts "c:d:p:r:w:t:Ab:h" opt; do
    case "$opt" in
        c) connections=$OPTARG ;;
        d) duration=$OPTARG ;;
        p) port=$OPTARG ;;
        r) runs=$OPTARG ;;
        w) warmup=$OPTARG ;;
        t) transports=$OPTARG ;;
        A) autocannon=0 ;;
        b) published=$OPTARG ;;
        *) sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//'; exit 2 ;;
    esac
done

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
url="http://127.0.0.1:$port/"
work=$(mktemp -d "${TMPDIR:-/tmp}/redline-wrk.XXXXXX")
# Outside the tree, so that this script never collides with builds in bin/ and obj/.
artifacts=${REDLINE_BENCH_ARTIFACTS:-${TMPDIR:-/tmp}/redline-bench-artifacts}
poller_pid=""
redline_pid=""

# shellcheck source=bench/lib.sh
source "$repo/bench/lib.sh"

cleanup() {
    local pid
    for pid in "$poller_pid" "$redline_pid"; do
        if [[ -n "$pid" ]]; then kill "$pid" 2>/dev/null || true; fi
    done
    cleanup_nginx
    if [[ -n "${KEEP:-}" ]]; then log "kept $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# Total CPU ticks (user + system) of nginx's worker, the process that serves the requests.
nginx_ticks() {
    local worker line
    worker=$(pgrep -P "$nginx_pid" | head -n1)
    read -r line <"/proc/$worker/stat"
    # shellcheck disable=SC2086 # split the fields after "(comm) ".
    set -- ${line##*) }
    echo $((${12} + ${13}))
}

write_suite() {
    local transport=$1
    cat >"$work/suite-$transport.yaml" <<EOF
suite: wrk_compare
target:
  base_url: http://127.0.0.1:$port
  transport: $transport
components:
  hello:
    request: { method: GET, path: / }
scenarios:
  closed:
    load: { model: closed, users: $connections, duration: ${duration}s }
EOF
}

# Samples "<epoch seconds> <fields after (comm)>" of /proc/PID/stat every 50 ms until PID is gone.
poll_stat() {
    local pid=$1 line
    while read -r line 2>/dev/null <"/proc/$pid/stat"; do
        printf '%s %s\n' "$EPOCHREALTIME" "${line##*) }"
        sleep 0.05
    done
}

run_wrk() {
    local dir=$1 before
    log "wrk: $connections connections, ${duration}s"
    before=$(nginx_ticks)
    /usr/bin/time -o "$dir/wrk.time" -f "%U %S %e" \
        taskset -c 1 timeout $((duration + 30)) wrk -t1 -c"$connections" -d"${duration}s" --latency "$url" >"$dir/wrk.out"
    echo $(($(nginx_ticks) - before)) >"$dir/wrk.nginx"
}

# autocannon from npm, pinned, into the artifacts folder (outside the tree).
install_autocannon() {
    ((autocannon)) || return 0
    command -v npm >/dev/null || install_missing npm:npm
    if [[ ! -x "$artifacts/autocannon/node_modules/.bin/autocannon" ]]; then
        log "installing autocannon@9.0.0 from npm"
        npm install --prefix "$artifacts/autocannon" --no-audit --no-fund --silent autocannon@9.0.0 >/dev/null ||
            die "npm install autocannon failed"
    fi
}

run_autocannon() {
    local dir=$1 before
    ((autocannon)) || return 0
    log "autocannon: $connections connections, ${duration}s"
    before=$(nginx_ticks)
    /usr/bin/time -o "$dir/autocannon.time" -f "%U %S %e" \
        taskset -c 1 timeout $((duration + 30)) "$artifacts/autocannon/node_modules/.bin/autocannon" \
        -c "$connections" -d "$duration" --json "$url" >"$dir/autocannon.json" 2>/dev/null
    echo $(($(nginx_ticks) - before)) >"$dir/autocannon.nginx"
}

run_redline() {
    local dir=$1 transport=$2 before time_pid tool="redline-$2"
    log "redline ($transport): closed model, $connections users, ${duration}s"
    before=$(nginx_ticks)
    /usr/bin/time -o "$dir/$tool.time" -f "%U %S %e" \
        taskset -c 1 timeout $((duration + 60)) dotnet "$work/redline/redline.dll" run "$work/suite-$transport.yaml" \
        --quiet --out "$dir/out-$transport" >"$dir/$tool.out" 2>&1 &
    time_pid=$!
    # time forks timeout, which forks dotnet (taskset execs in place): the grandchild is the process to sample.
    for _ in $(seq 200); do
        redline_pid=$(pgrep -P "$(pgrep -P "$time_pid" | head -n1)" 2>/dev/null | head -n1) && [[ -n "$redline_pid" ]] && break
        sleep 0.01
    done
    [[ -n "$redline_pid" ]] || die "could not find the redline process"
    poll_stat "$redline_pid" >"$dir/$tool.stat" &
    poller_pid=$!
    wait "$time_pid" || { cat "$dir/$tool.out" >&2; die "redline run failed"; }
    wait "$poller_pid" 2>/dev/null || true
    poller_pid="" redline_pid=""
    echo $(($(nginx_ticks) - before)) >"$dir/$tool.nginx"
}

(($(nproc) >= 2)) || die "needs at least two cores (nginx on core 0, the generator on core 1)"
install_missing wrk:wrk nginx:nginx-light taskset:util-linux /usr/bin/time:time python3:python3 pgrep:procps timeout:coreutils
install_autocannon
publish
for transport in $transports; do write_suite "$transport"; done
start_nginx 0
# From here on this shell and its helpers stay off the generator's core.
taskset -cp 0 $$ >/dev/null
for i in $(seq "$runs"); do
    mkdir -p "$work/run$i"
    run_wrk "$work/run$i"
    run_autocannon "$work/run$i"
    for transport in $transports; do run_redline "$work/run$i" "$transport"; done
done

python3 "$repo/bench/wrk-compare-report.py" "$work" "$runs" "$warmup" "$(getconf CLK_TCK)" "$connections" "$transports"
