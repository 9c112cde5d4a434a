#!/usr/bin/env bash
# The breaking point Redline finds on a server whose capacity is known in advance, against the
# truth. examples/hello-service's /api/capacity/{rps} serves one request at a time, each for 1/rps,
# and queues the rest: its capacity is exactly rps. An open-model rate sweep (a quarter, a half,
# three quarters, then 1.25, 1.5, 1.75 and 2 times the capacity, 10 s each) with the stop condition
# "1% error rate OR p95 > 250ms" over 5 s, three bisection probes of 8 s and a recovery at a quarter
# of the capacity for 30 s. Each run prints the last good and first bad load, the probes, the ramp's
# stop after the break and the recovery time.
#
# Usage: bench/breaking-point.sh [-n RUNS] [-c CAPACITY] [-p PORT] [-b PUBLISHED_DIR]
# Run it on a quiet machine: about 90 s per run.
set -euo pipefail
export LC_ALL=C DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1

runs=3
capacity=200
port=18098
published=""
while getopts "n:c:p:b:h" opt; do
    case "$opt" in
        n) runs=$OPTARG ;;
        c) capacity=$OPTARG ;;
        p) port=$OPTARG ;;
        b) published=$OPTARG ;;
        *) sed -n '2,11p' "$0" | sed 's/^# \{0,1\}//'; exit 2 ;;
    esac
done

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/redline-breaking-point.XXXXXX")
artifacts=${REDLINE_BENCH_ARTIFACTS:-${TMPDIR:-/tmp}/redline-bench-artifacts}

# shellcheck source=bench/lib.sh
source "$repo/bench/lib.sh"

# Redline stops the target it starts; this only removes the files.
trap remove_work EXIT
trap 'exit 130' INT TERM

port_open && die "port $port is already in use; pick another with -p"
publish
build_hello

rate() { python3 -c "print(f'{$capacity * $1:g}/s')"; }
cat >"$work/suite.yaml" <<YAML
suite: breaking-point
target:
  base_url: http://127.0.0.1:$port
  start:
    command: dotnet
    args: ["$work/hello/HelloService.dll", --urls, "http://127.0.0.1:$port"]
    ready: /health
    ready_timeout: 60s
components:
  paced:
    request: { method: GET, path: /api/capacity/$capacity, timeout: 10s }
scenarios:
  find_the_break:
    load:
      model: open
      rate: [$(rate 0.25), $(rate 0.5), $(rate 0.75), $(rate 1.25), $(rate 1.5), $(rate 1.75), $(rate 2)]
      step: 10s
    stop_condition: { when: "1% error rate OR p95 > 250ms", window: 5s, min_samples: 50 }
    search: { mode: bisect, probes: 3, hold: 8s }
    recovery: { rate: $(rate 0.25), for: 30s }
YAML

printf '%-4s %9s %10s %10s %10s %-24s %12s %12s\n' run truth last_good first_bad break_at probes "stop_after_s" recovery_s
for i in $(seq 1 "$runs"); do
    out="$work/run-$i"
    dotnet "$work/redline/redline.dll" run "$work/suite.yaml" --quiet --no-store --out "$out" >"$out.log" 2>&1 ||
        { cat "$out.log" >&2; die "run $i failed"; }
    python3 - "$out/results.json" "$i" "$capacity" <<'PY'
import json, sys
scenario = json.load(open(sys.argv[1]))["scenarios"][0]
stress = scenario["stress"]
found = stress["breaking_point"]
if found is None:
    print(f"{sys.argv[2]:<4} {sys.argv[3]:>9} no break: {stress['note']}")
    sys.exit(0)
events = scenario["events"]
first_set = next((e for e in events if e["kind"] in ("load_set", "stopped") and e["at_s"] >= found["at_s"] - 0.001), None)
stop_after = (first_set["at_s"] - found["at_s"]) if first_set else float("nan")
probes = ",".join(f"{p['load']:g}{p['verdict'][0]}" for p in found["probes"])
recovery = stress.get("recovery") or {}
rec = recovery.get("recovery_time_s")
print(f"{sys.argv[2]:<4} {sys.argv[3]:>9} {found['last_good']['load'] if found['last_good'] else '-':>10} {found['first_bad']['load']:>10} "
      f"{found['at_s']:>10.1f} {probes:<24} {stop_after:>12.3f} {('%.1f' % rec) if rec is not None else 'not':>12}")
PY
done
