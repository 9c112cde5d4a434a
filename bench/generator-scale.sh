#!/usr/bin/env bash
# What the generator costs past the request rate: memory per virtual user, how late it starts
# open-model arrivals at a high rate, how its requests per CPU-second change from one core to two,
# and whether its latencies agree with wrk's and autocannon's on an endpoint of known delay.
#
# Usage: bench/generator-scale.sh [-s SECTIONS] [-u "USERS ..."] [-r RATE] [-d SECONDS] [-f RATE] [-n ROUNDS] [-g "CORES CORES"] [-p PORT] [-b PUBLISHED_DIR]
# -s the sections to run, default "memory,lag,cores,latency".
# -u the user counts to measure memory at, default "1000 10000 15000" (plus 10, the base).
# -r the open-model rate for the schedule-lag run, default 5000; -d its length, default 20.
# -f the fixed rate at which the cores section also compares one core with two, default 20000.
# -n how many rounds the cores section runs, one setting after the other in each, default 3;
# -g the generator's two core lists it compares, default "1 0,1" (nginx is on core 0).
# Needs two cores, root (or sudo) to install nginx, wrk and npm if missing, and the .NET SDK.
set -euo pipefail
export LC_ALL=C DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1

sections="memory,lag,cores,latency"
user_counts="1000 10000 15000"
rate=5000
fixed_rate=20000
duration=20
rounds=3
core_sets="1 0,1"
port=18082
published=""
while getopts "s:u:r:d:f:n:g:p:b:h" opt; do
    case "$opt" in
        s) sections=$OPTARG ;;
        f) fixed_rate=$OPTARG ;;
        n) rounds=$OPTARG ;;
        g) core_sets=$OPTARG ;;
        u) user_counts=$OPTARG ;;
        r) rate=$OPTARG ;;
        d) duration=$OPTARG ;;
        p) port=$OPTARG ;;
        b) published=$OPTARG ;;
        *) sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'; exit 2 ;;
    esac
done

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/redline-scale.XXXXXX")
artifacts=${REDLINE_BENCH_ARTIFACTS:-${TMPDIR:-/tmp}/redline-bench-artifacts}
nginx_pid=""
hello_pid=""

# shellcheck source=bench/lib.sh
source "$repo/bench/lib.sh"

cleanup() {
    cleanup_nginx
    if [[ -n "$hello_pid" ]]; then kill "$hello_pid" 2>/dev/null || true; wait "$hello_pid" 2>/dev/null || true; fi
    remove_work
}
trap cleanup EXIT
trap 'exit 130' INT TERM

redline() { dotnet "$work/redline/redline.dll" "$@"; }

# suite NAME BASE_URL LOAD [TRANSPORT] [PATH]: a one-component suite.
suite() {
    cat >"$work/$1.yaml" <<YAML
suite: generator_scale
target:
  base_url: $2
  transport: ${4:-auto}
  monitor: { system: false, runtime: false }
components:
  hello:
    request: { method: GET, path: ${5:-/} }
scenarios:
  s:
    load: $3
YAML
    echo "$work/$1.yaml"
}

# peak_rss CORES SUITE OUT: runs redline pinned to CORES, prints its peak RSS in KB (VmHWM, read until it exits).
peak_rss() {
    local cores=$1 file=$2 out=$3 pid hwm=0 line
    taskset -c "$cores" dotnet "$work/redline/redline.dll" run "$file" --quiet --out "$out" >"$out.log" 2>&1 &
    pid=$!
    while kill -0 "$pid" 2>/dev/null; do
        line=$(grep VmHWM "/proc/$pid/status" 2>/dev/null || true)
        [[ -n "$line" ]] && hwm=$(awk '{print $2}' <<<"$line")
        sleep 0.2
    done
    wait "$pid" || { cat "$out.log" >&2; die "redline run failed: $file"; }
    echo "$hwm"
}

# record KEY TOOL CORES REQUESTS TIME_FILE [MORE]: requests per CPU-second from /usr/bin/time's
# "%U %S", kept as per_cpu[KEY] and printed; change TWO ONE: the change from ONE to TWO, in per cent.
declare -A per_cpu
record() {
    local cpu
    cpu=$(awk '{print $1 + $2}' "$5")
    per_cpu[$1]=$(echo "$4 / $cpu" | bc -l)
    printf '%-14s cores %-4s requests %8s  CPU-s %6.2f  req/CPU-s %8.0f%s\n' "$2" "$3" "$4" "$cpu" "${per_cpu[$1]}" "${6:-}"
}
change() { echo "(${per_cpu[$1]} / ${per_cpu[$2]} - 1) * 100" | bc -l; }

# autocannon_path: autocannon 9.0.0 from npm, installed under $artifacts once; prints its path, or nothing when npm could not install it.
autocannon_path() {
    local ac="$artifacts/autocannon/node_modules/.bin/autocannon"
    [[ -x "$ac" ]] || npm install --prefix "$artifacts/autocannon" --no-audit --no-fund --silent autocannon@9.0.0 >/dev/null 2>&1 || return 0
    echo "$ac"
}

# wants SECTION: whether -s names it.
wants() { [[ ",$sections," == *",$1,"* ]]; }

field() { python3 -c "import json,sys; r=json.load(open(sys.argv[1])); print(eval(sys.argv[2], {'r': r, 's': (r.get('scenarios') or [None])[0]}))" "$1" "$2"; }

(($(nproc) >= 2)) || die "needs at least two cores (nginx on core 0, the generator on core 1)"
install_missing nginx:nginx-light wrk:wrk taskset:util-linux /usr/bin/time:time python3:python3 npm:npm
publish
start_nginx 0
url="http://127.0.0.1:$port"

if wants memory; then
    echo "== memory per virtual user (closed model, 1 s think time, 20 s, generator on core 1)"
    base=$(peak_rss 1 "$(suite users10 "$url" "{ model: closed, users: 10, duration: 20s, think_time: 1s }")" "$work/users10")
    printf '%8s %12s %14s %10s\n' users "peak RSS MB" "KB per user" requests
    printf '%8s %12.1f %14s %10s\n' 10 "$(echo "$base / 1024" | bc -l)" "(base)" "$(field "$work/users10/results.json" "s['requests']")"
    for users in $user_counts; do
        kb=$(peak_rss 1 "$(suite "users$users" "$url" "{ model: closed, users: $users, duration: 20s, think_time: 1s }")" "$work/users$users")
        printf '%8s %12.1f %14.1f %10s\n' "$users" "$(echo "$kb / 1024" | bc -l)" "$(echo "($kb - $base) / ($users - 10)" | bc -l)" \
            "$(field "$work/users$users/results.json" "s['requests']")"
    done
    echo
fi

if wants lag; then
    echo "== schedule lag, open model at $rate requests/s for ${duration}s (nginx on core 0)"
    file=$(suite lag "$url" "{ model: open, rate: $rate/s, duration: ${duration}s, max_concurrency: 1000 }")
    for cores in 0,1 1; do
        # Without the memory poller beside it: its forks every 200 ms landed on the generator's cores.
        taskset -c "$cores" dotnet "$work/redline/redline.dll" run "$file" --quiet --out "$work/lag$cores" >"$work/lag$cores.log" 2>&1 \
            || { cat "$work/lag$cores.log" >&2; die "redline run failed: $file"; }
        echo "generator on cores $cores: requests $(field "$work/lag$cores/results.json" "s['requests']"), throughput $(field "$work/lag$cores/results.json" "s['throughput_rps']")/s," \
            "schedule lag p99 $(field "$work/lag$cores/results.json" "r['generator']['schedule_lag_p99_ms']") ms, max $(field "$work/lag$cores/results.json" "r['generator']['max_schedule_lag_ms']") ms," \
            "generator CPU $(field "$work/lag$cores/results.json" "r['generator']['cpu_percent']")% of its cores, saturated $(field "$work/lag$cores/results.json" "r['generator']['saturated']")"
    done
    echo
fi

# spread VALUE ...: the median and the range of per-cent changes, as "median X%, A% to B% over N".
spread() { python3 -c 'import statistics,sys; v=sorted(float(x) for x in sys.argv[1:]); print(f"median {statistics.median(v):+.1f}%, {v[0]:+.1f}% to {v[-1]:+.1f}% over {len(v)}")' "$@"; }

if wants cores; then
    read -r one all <<<"$core_sets"
    [[ -n "$all" ]] || die "-g takes two core lists, such as \"1 0,1\""
    ac=$(autocannon_path)
    echo "== requests per CPU-second, cores $one against cores $all, $rounds rounds (nginx on core 0, 10 s a run)"
    echo "closed model at full speed: 50 users; wrk with 50 connections and a thread a core"
    echo "fixed rate: open model at $fixed_rate requests/s, 50 connections at most; autocannon at the same rate (-R)"
    # Each round measures every setting once, one after the other, so that the machine's slow
    # spells fall on both sides of a comparison; the change is taken within a round.
    declare -a full_redline=() full_wrk=() fixed_redline=() fixed_ac=()
    for round in $(seq "$rounds"); do
        echo "round $round"
        for cores in $one $all; do
            tag=${cores//[,-]/_}.$round
            threads=$(taskset -c "$cores" nproc)
            file=$(suite "cores$tag" "$url" "{ model: closed, users: 50, duration: 10s }")
            /usr/bin/time -o "$work/cores$tag.time" -f "%U %S" taskset -c "$cores" dotnet "$work/redline/redline.dll" run "$file" --quiet --out "$work/cores$tag" >/dev/null 2>&1
            record "redline$tag" redline "$cores" "$(field "$work/cores$tag/results.json" "s['requests']")" "$work/cores$tag.time"
            /usr/bin/time -o "$work/wrk$tag.time" -f "%U %S" taskset -c "$cores" wrk -t "$threads" -c 50 -d 10s "$url/" >"$work/wrk$tag.out"
            record "wrk$tag" wrk "$cores" "$(awk '/requests in/ {print $1}' "$work/wrk$tag.out")" "$work/wrk$tag.time"
        done

        # The same work on both settings: an open model at a rate both keep up with, so that nginx
        # needs the same share of core 0 in both and the change is the generator's own.
        for cores in $one $all; do
            tag=${cores//[,-]/_}.$round
            file=$(suite "fixed$tag" "$url" "{ model: open, rate: $fixed_rate/s, duration: 10s, max_concurrency: 50 }")
            /usr/bin/time -o "$work/fixed$tag.time" -f "%U %S" taskset -c "$cores" dotnet "$work/redline/redline.dll" run "$file" --quiet --out "$work/fixed$tag" >/dev/null 2>&1
            record "fixed$tag" "redline@$fixed_rate" "$cores" "$(field "$work/fixed$tag/results.json" "s['requests']")" "$work/fixed$tag.time" \
                "  schedule lag p99 $(field "$work/fixed$tag/results.json" "r['generator']['schedule_lag_p99_ms']") ms"
            if [[ -n "$ac" ]]; then
                /usr/bin/time -o "$work/acfixed$tag.time" -f "%U %S" taskset -c "$cores" "$ac" -c 50 -R "$fixed_rate" -d 10 --json "$url/" >"$work/acfixed$tag.json" 2>/dev/null
                record "acfixed$tag" "ac@$fixed_rate" "$cores" "$(field "$work/acfixed$tag.json" "r['requests']['total']")" "$work/acfixed$tag.time"
            fi
        done

        a=${all//[,-]/_}.$round o=${one//[,-]/_}.$round
        full_redline+=("$(change "redline$a" "redline$o")") full_wrk+=("$(change "wrk$a" "wrk$o")")
        fixed_redline+=("$(change "fixed$a" "fixed$o")")
        [[ -z "$ac" ]] || fixed_ac+=("$(change "acfixed$a" "acfixed$o")")
    done
    echo "cores $all against cores $one, the change in requests per CPU-second within each round:"
    echo "  full speed:      redline $(spread "${full_redline[@]}"); wrk $(spread "${full_wrk[@]}")"
    printf '  at %s/s: redline %s' "$fixed_rate" "$(spread "${fixed_redline[@]}")"
    [[ -z "$ac" ]] || printf '; autocannon %s' "$(spread "${fixed_ac[@]}")"
    echo
    echo
fi

if wants latency; then
    echo "== latency agreement on a 20 ms endpoint (examples/hello-service /api/sleep/20, 2 connections, 10 s)"
    build_hello
    hport=$((port + 1))
    dotnet "$work/hello/HelloService.dll" --urls "http://127.0.0.1:$hport" >"$work/hello.log" 2>&1 &
    hello_pid=$!
    for _ in $(seq 100); do curl -fs "http://127.0.0.1:$hport/health" >/dev/null 2>&1 && break; sleep 0.1; done
    sleep_url="http://127.0.0.1:$hport/api/sleep/20"
    taskset -c 1 wrk -t1 -c2 -d10s --latency "$sleep_url" >"$work/wrk-sleep.out"
    echo "wrk:        p50 $(awk '$1=="50%"{print $2}' "$work/wrk-sleep.out"), p99 $(awk '$1=="99%"{print $2}' "$work/wrk-sleep.out")"
    ac=$(autocannon_path)
    if [[ -n "$ac" ]]; then
        taskset -c 1 "$ac" -c 2 -d 10 --json "$sleep_url" >"$work/ac-sleep.json" 2>/dev/null
        echo "autocannon: p50 $(field "$work/ac-sleep.json" "r['latency']['p50']")ms, p99 $(field "$work/ac-sleep.json" "r['latency']['p99']")ms (whole milliseconds)"
    fi
    for transport in http1 httpclient; do
        file=$(suite "sleep-$transport" "http://127.0.0.1:$hport" "{ model: closed, users: 2, duration: 10s }" "$transport" /api/sleep/20)
        taskset -c 1 dotnet "$work/redline/redline.dll" run "$file" --quiet --out "$work/sleep-$transport" >/dev/null 2>&1
        echo "redline $transport: p50 $(field "$work/sleep-$transport/results.json" "s['latency_ms']['p50']")ms, p99 $(field "$work/sleep-$transport/results.json" "s['latency_ms']['p99']")ms"
    done
fi
