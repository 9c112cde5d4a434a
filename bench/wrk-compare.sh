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
nginx_pid=""
poller_pid=""
redline_pid=""

log() { printf '>> %s\n' "$*" >&2; }
die() { printf 'wrk-compare: %s\n' "$*" >&2; exit 1; }

cleanup() {
    local pid
    for pid in "$poller_pid" "$redline_pid"; do
        if [[ -n "$pid" ]]; then kill "$pid" 2>/dev/null || true; fi
    done
    if [[ -n "$nginx_pid" ]]; then
        kill "$nginx_pid" 2>/dev/null || true
        wait "$nginx_pid" 2>/dev/null || true
    fi
    if [[ -n "${KEEP:-}" ]]; then log "kept $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

install_missing() {
    local missing=() pair
    for pair in wrk:wrk nginx:nginx-light taskset:util-linux /usr/bin/time:time python3:python3 pgrep:procps timeout:coreutils; do
        command -v "${pair%%:*}" >/dev/null 2>&1 || missing+=("${pair#*:}")
    done
    ((${#missing[@]} == 0)) && return
    local sudo=""
    ((EUID == 0)) || sudo=sudo
    log "installing ${missing[*]}"
    $sudo apt-get install -y -qq "${missing[@]}" >/dev/null ||
        { $sudo apt-get update -qq && $sudo apt-get install -y -qq "${missing[@]}" >/dev/null; }
}

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; }

start_nginx() {
    port_open && die "port $port is already in use; pick another with -p"
    mkdir -p "$work/nginx"
    cat >"$work/nginx/nginx.conf" <<EOF
daemon off;
worker_processes 1;
pid $work/nginx/nginx.pid;
events { worker_connections 4096; }
http {
    access_log off;
    client_body_temp_path $work/nginx/body;
    proxy_temp_path $work/nginx/proxy;
    fastcgi_temp_path $work/nginx/fastcgi;
    scgi_temp_path $work/nginx/scgi;
    uwsgi_temp_path $work/nginx/uwsgi;
    keepalive_requests 100000000;
    server {
        listen 127.0.0.1:$port;
        location / { default_type text/plain; return 200 "hello\n"; }
    }
}
EOF
    taskset -c 0 nginx -p "$work/nginx" -e "$work/nginx/error.log" -c "$work/nginx/nginx.conf" &
    nginx_pid=$!
    for _ in $(seq 50); do port_open && return; sleep 0.1; done
    cat "$work/nginx/error.log" >&2 || true
    die "nginx did not start on port $port"
}

# Total CPU ticks (user + system) of nginx's worker, the process that serves the requests.
nginx_ticks() {
    local worker line
    worker=$(pgrep -P "$nginx_pid" | head -n1)
    read -r line <"/proc/$worker/stat"
    # shellcheck disable=SC2086 # split the fields after "(comm) ".
    set -- ${line##*) }
    echo $((${12} + ${13}))
}

publish() {
    if [[ -n "$published" ]]; then
        [[ -f "$published/redline.dll" ]] || die "no redline.dll in $published"
        ln -s "$(cd "$published" && pwd)" "$work/redline"
        return
    fi
    log "publishing the Redline CLI (Release)"
    dotnet publish "$repo/src/Redline.Cli" -c Release -o "$work/redline" --artifacts-path "$artifacts" \
        -v quiet -nologo >"$work/publish.log" 2>&1 || { cat "$work/publish.log" >&2; die "dotnet publish failed"; }
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
install_missing
publish
write_suite
start_nginx
# From here on this shell and its helpers stay off the generator's core.
taskset -cp 0 $$ >/dev/null
for i in $(seq "$runs"); do
    mkdir -p "$work/run$i"
    run_wrk "$work/run$i"
    run_redline "$work/run$i"
done

python3 "$repo/bench/wrk-compare-report.py" "$work" "$runs" "$warmup" "$(getconf CLK_TCK)" "$connections"
