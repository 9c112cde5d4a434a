#!/usr/bin/env bash
# Does the generator's memory stay flat over a long run? Runs `redline run` at a constant arrival
# rate over several components against a private nginx on loopback, reads the redline process's
# resident memory every second, and reports the peak up to 30 s and up to the end, with the
# generator's schedule lag and saturation verdict from results.json.
#
# Usage: bench/stream-memory.sh [-d SECONDS] [-r RATE] [-n COMPONENTS] [-B BURNERS] [-p PORT] [-b PUBLISHED_DIR]
# -B starts that many busy-looping shells beside the run (a machine loaded by other work).
# Needs the .NET SDK, and root (or sudo) to install nginx if missing.
set -euo pipefail
export LC_ALL=C DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1

duration=300
rate=500
components=5
burners=0
port=18081
published=""
while getopts "d:r:n:B:p:b:h" opt; do
    case "$opt" in
        d) duration=$OPTARG ;;
        r) rate=$OPTARG ;;
        n) components=$OPTARG ;;
        B) burners=$OPTARG ;;
        p) port=$OPTARG ;;
        b) published=$OPTARG ;;
        *) sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//'; exit 2 ;;
    esac
done

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/redline-memory.XXXXXX")
artifacts=${REDLINE_BENCH_ARTIFACTS:-${TMPDIR:-/tmp}/redline-bench-artifacts}
redline_pid=""
burner_pids=()

# shellcheck source=bench/lib.sh
source "$repo/bench/lib.sh"

cleanup() {
    local pid
    for pid in "$redline_pid" "${burner_pids[@]}"; do
        if [[ -n "$pid" ]]; then kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; fi
    done
    cleanup_nginx
    if [[ -n "${KEEP:-}" ]]; then log "kept $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

write_suite() {
    local i
    {
        echo "suite: stream_memory"
        echo "target:"
        echo "  base_url: http://127.0.0.1:$port"
        echo "components:"
        for i in $(seq "$components"); do
            echo "  c$i:"
            echo "    request: { method: GET, path: /c$i }"
        done
        echo "scenarios:"
        echo "  steady:"
        echo "    load: { model: open, rate: $rate/s, duration: ${duration}s, max_concurrency: 200 }"
    } >"$work/suite.yaml"
}

install_missing nginx:nginx-light python3:python3
publish
write_suite
start_nginx
for _ in $(seq "$burners"); do
    bash -c 'while :; do :; done' &
    burner_pids+=($!)
done
((burners == 0)) || log "$burners CPU burner(s) running beside the run"

log "redline: open model, $rate/s over $components components, ${duration}s"
start=$EPOCHREALTIME
dotnet "$work/redline/redline.dll" run "$work/suite.yaml" --quiet --no-store --out "$work/out" >"$work/redline.out" 2>&1 &
redline_pid=$!
# "<seconds since launch> <VmRSS kB>" once a second while the process lives.
while [[ -r "/proc/$redline_pid/status" ]]; do
    rss=$(awk '/^VmRSS:/ { print $2 }' "/proc/$redline_pid/status" 2>/dev/null) || break
    [[ -n "$rss" ]] && awk -v now="$EPOCHREALTIME" -v start="$start" -v rss="$rss" 'BEGIN { printf "%.2f %s\n", now - start, rss }' >>"$work/rss.log"
    sleep 1
done
status=0
wait "$redline_pid" || status=$?
redline_pid=""
((status == 0)) || { cat "$work/redline.out" >&2; die "redline run exited with $status"; }

python3 - "$work" "$duration" <<'PY'
import json, sys
work, duration = sys.argv[1], float(sys.argv[2])
samples = [tuple(map(float, line.split())) for line in open(f"{work}/rss.log")]
results = json.load(open(f"{work}/out/results.json"))
scenario = results["scenarios"][0]
# Offsets are from the process's launch; the scenario starts a second or two later.
def peak(until):
    values = [kb for t, kb in samples if t <= until]
    return max(values) / 1024 if values else float("nan")
at30, atend = peak(30), peak(duration + 60)
gen = scenario["generator"]
print(f"requests {scenario['requests']}, throughput {scenario['throughput_rps']:.1f}/s, errors {scenario['errors']}")
print(f"peak RSS up to 30 s: {at30:.1f} MB; up to the end ({duration:.0f} s): {atend:.1f} MB; growth {atend - at30:+.1f} MB")
print(f"generator: cpu {gen['cpu_percent']}%, schedule lag p99 {gen['schedule_lag_p99_ms']} ms, max {gen['max_schedule_lag_ms']} ms, "
      f"saturated {gen['saturated']}, cause {gen.get('cause')}")
for reason in gen["reasons"]:
    print(f"  {reason}")
PY
