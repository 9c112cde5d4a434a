#!/usr/bin/env bash
# Compares Redline's efficiency with wrk's: requests per CPU-second against the same local nginx,
# nginx pinned to core 0 and the load generator to core 1, same connections, same duration.
#
# Usage: bench/wrk-compare.sh [-c CONNECTIONS] [-d SECONDS] [-p PORT] [-r RUNS] [-w WARMUP_SECONDS] [-b PUBLISHED_DIR]
# -b runs a redline.dll published earlier instead of publishing src/Redline.Cli first.
# Needs two cores, root (or sudo) to install wrk and nginx if missing, and the .NET SDK.
set -euo pipefail
export LC_ALL=C DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1

connections=50
duration=10
port=18080
runs=1
warmup=2
published=""
while getopts "c:d:p:r:w:b:h" opt; do
    case "$opt" in
        c) connections=$OPTARG ;;
        d) duration=$OPTARG ;;
        p) port=$OPTARG ;;
        r) runs=$OPTARG ;;
        w) warmup=$OPTARG ;;
        b) published=$OPTARG ;;
        *) sed -n '2,7p' "$0" | sed 's/^# \{0,1\}//'; exit 2 ;;
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
    cat >"$work/suite.yaml" <<EOF
suite: wrk_compare
target:
  base_url: http://127.0.0.1:$port
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

run_redline() {
    local dir=$1 before time_pid
    log "redline: closed model, $connections users, ${duration}s"
    before=$(nginx_ticks)
    /usr/bin/time -o "$dir/redline.time" -f "%U %S %e" \
        taskset -c 1 timeout $((duration + 60)) dotnet "$work/redline/redline.dll" run "$work/suite.yaml" \
        --quiet --out "$dir/out" >"$dir/redline.out" 2>&1 &
    time_pid=$!
    # time forks timeout, which forks dotnet (taskset execs in place): the grandchild is the process to sample.
    for _ in $(seq 200); do
        redline_pid=$(pgrep -P "$(pgrep -P "$time_pid" | head -n1)" 2>/dev/null | head -n1) && [[ -n "$redline_pid" ]] && break
        sleep 0.01
    done
    [[ -n "$redline_pid" ]] || die "could not find the redline process"
    poll_stat "$redline_pid" >"$dir/redline.stat" &
    poller_pid=$!
    wait "$time_pid" || { cat "$dir/redline.out" >&2; die "redline run failed"; }
    wait "$poller_pid" 2>/dev/null || true
    poller_pid="" redline_pid=""
    echo $(($(nginx_ticks) - before)) >"$dir/redline.nginx"
}

(($(nproc) >= 2)) || die "needs at least two cores (nginx on core 0, the generator on core 1)"
install_missing wrk:wrk nginx:nginx-light taskset:util-linux /usr/bin/time:time python3:python3 pgrep:procps timeout:coreutils
publish
write_suite
start_nginx 0
# From here on this shell and its helpers stay off the generator's core.
taskset -cp 0 $$ >/dev/null
for i in $(seq "$runs"); do
    mkdir -p "$work/run$i"
    run_wrk "$work/run$i"
    run_redline "$work/run$i"
done

python3 "$repo/bench/wrk-compare-report.py" "$work" "$runs" "$warmup" "$(getconf CLK_TCK)" "$connections"
