#!/usr/bin/env bash
# What does the live dashboard cost the generator? Runs the same `redline run` (open model over four
# components against a private nginx on loopback) three ways, in alternating rounds: without
# --dashboard, with it and no page open, and with two pages open in Debian's headless chromium
# all along; prints each run's generator CPU from results.json and the medians per way.
# Then opens a dashboard holding an hour's history (bench dashboard-page) and prints its first paint
# and the page's JS heap.
#
# Usage: bench/dashboard-cpu.sh [-d SECONDS] [-r RATE] [-n ROUNDS] [-p PORT] [-b PUBLISHED_DIR]
# Needs the .NET SDK, chromium, and root (or sudo) to install nginx if missing. Run it on a quiet machine.
set -euo pipefail
export LC_ALL=C DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1

duration=30
rate=400
rounds=3
port=18082
published=""
while getopts "d:r:n:p:b:h" opt; do
    case "$opt" in
        d) duration=$OPTARG ;;
        r) rate=$OPTARG ;;
        n) rounds=$OPTARG ;;
        p) port=$OPTARG ;;
        b) published=$OPTARG ;;
        *) sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//'; exit 2 ;;
    esac
done

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/redline-dashboard.XXXXXX")
artifacts=${REDLINE_BENCH_ARTIFACTS:-${TMPDIR:-/tmp}/redline-bench-artifacts}
bench_dll="$work/bench/Redline.Benchmarks.dll"
pids=()

# shellcheck source=bench/lib.sh
source "$repo/bench/lib.sh"

cleanup() {
    local pid
    for pid in "${pids[@]}"; do
        kill "$pid" 2>/dev/null || true
        wait "$pid" 2>/dev/null || true
    done
    cleanup_nginx
    if [[ -n "${KEEP:-}" ]]; then log "kept $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

install_missing nginx:nginx-light python3:python3 chromium:chromium
publish
log "building the benchmark program (Release)"
dotnet build "$repo/bench/Redline.Benchmarks" -c Release -o "$work/bench" --artifacts-path "$artifacts" -v quiet -nologo >"$work/bench-build.log" 2>&1 ||
    { cat "$work/bench-build.log" >&2; die "the benchmark build failed"; }
cat >"$work/suite.yaml" <<SUITE
suite: dashboard_cost
target:
  base_url: http://127.0.0.1:$port
components:
  c1: { request: { path: /c1 } }
  c2: { request: { path: /c2 } }
  c3: { request: { path: /c3 } }
  c4: { request: { path: /c4 } }
scenarios:
  steady:
    load: { model: open, rate: $rate/s, duration: ${duration}s, max_concurrency: 200 }
SUITE
start_nginx

# run_once WAY OUT: one run; WAY is none, dashboard or tabs.
run_once() {
    local way=$1 out=$2 args=() pid tabs="" url=""
    [[ $way == none ]] || args=(--dashboard=127.0.0.1:0)
    dotnet "$work/redline/redline.dll" run "$work/suite.yaml" --quiet --no-store --out "$out" "${args[@]}" >"$out.log" 2>&1 &
    pid=$!
    pids+=("$pid")
    if [[ $way == tabs ]]; then
        for _ in $(seq 200); do
            url=$(grep -o 'dashboard at http://[^ ;]*' "$out.log" 2>/dev/null | head -1 | cut -d' ' -f3) || true
            [[ -n "$url" ]] && break
            sleep 0.1
        done
        [[ -n "$url" ]] || die "no dashboard address in $out.log"
        dotnet "$bench_dll" dashboard-page tabs "$url" 2 $((duration + 30)) >"$out.tabs.log" 2>&1 &
        tabs=$!
        pids+=("$tabs")
    fi
    wait "$pid" || { cat "$out.log" >&2; die "redline run ($way) failed"; }
    if [[ -n "$tabs" ]]; then kill "$tabs" 2>/dev/null || true; wait "$tabs" 2>/dev/null || true; fi
    python3 -c 'import json,sys; s=json.load(open(sys.argv[1]))["scenarios"][0]; print(sys.argv[2], s["generator"]["cpu_percent"], s["throughput_rps"])' "$out/results.json" "$way"
}

for round in $(seq "$rounds"); do
    for way in none dashboard tabs; do
        log "round $round: $way"
        run_once "$way" "$work/$way.$round" | tee -a "$work/cpu.txt"
    done
done

python3 - "$work/cpu.txt" <<'PY'
import statistics, sys
rows = [line.split() for line in open(sys.argv[1])]
by = {}
for way, cpu, rps in rows:
    by.setdefault(way, []).append(float(cpu))
base = statistics.median(by["none"])
for way in ("none", "dashboard", "tabs"):
    values = by[way]
    print(f"{way:9s} generator CPU % (of the cores it may use): median {statistics.median(values):.2f}, range {min(values):.2f}-{max(values):.2f}, "
          f"ratio to none {statistics.median(values) / base:.2f}")
PY
log "first paint and heap with an hour's history"
dotnet "$bench_dll" dashboard-page 3600 5
