#!/usr/bin/env bash
# What a scenario's warm-up changes: examples/hello-service, started afresh (cold) by Redline for
# every run, is read at GET /api/items/7 (about 20 ms) by closed-model users, once without a
# warm-up and once with `warmup: W`, in alternating pairs. Each run prints the p99 and the maximum
# over the measured seconds and the p99 of the first two measured seconds.
#
# Usage: bench/warmup.sh [-n PAIRS] [-w WARMUP] [-u USERS] [-d SECONDS] [-p PORT] [-b PUBLISHED_DIR]
# Defaults: 3 pairs, warmup 3s, 10 users, 5 s. Run it on a quiet machine: about 25 s per pair.
set -euo pipefail
export LC_ALL=C DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1

pairs=3
warmup=3s
users=10
duration=5
port=18099
published=""
while getopts "n:w:u:d:p:b:h" opt; do
    case "$opt" in
        n) pairs=$OPTARG ;;
        w) warmup=$OPTARG ;;
        u) users=$OPTARG ;;
        d) duration=$OPTARG ;;
        p) port=$OPTARG ;;
        b) published=$OPTARG ;;
        *) sed -n '2,8p' "$0" | sed 's/^# \{0,1\}//'; exit 2 ;;
    esac
done

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/redline-warmup.XXXXXX")
artifacts=${REDLINE_BENCH_ARTIFACTS:-${TMPDIR:-/tmp}/redline-bench-artifacts}

# shellcheck source=bench/lib.sh
source "$repo/bench/lib.sh"

# Redline stops the target it starts; this only removes the files.
trap remove_work EXIT
trap 'exit 130' INT TERM

port_open && die "port $port is already in use; pick another with -p"
publish
build_hello

for w in 0s "$warmup"; do
    cat >"$work/suite-$w.yaml" <<YAML
suite: warmup
target:
  base_url: http://127.0.0.1:$port
  start:
    command: dotnet
    args: ["$work/hello/HelloService.dll", --urls, "http://127.0.0.1:$port"]
    ready: /health
    ready_timeout: 60s
  monitor: { system: false, runtime: false }
components:
  read_item:
    request: { method: GET, path: /api/items/7 }
scenarios:
  read:
    load: { model: closed, users: $users, duration: ${duration}s }
    warmup: $w
YAML
done

printf '%-5s %-7s %9s %9s %9s %12s %12s\n' pair warmup requests p99_ms max_ms first_p99_ms second_p99_ms
for i in $(seq 1 "$pairs"); do
    for w in 0s "$warmup"; do
        out="$work/run-$i-$w"
        dotnet "$work/redline/redline.dll" run "$work/suite-$w.yaml" --quiet --no-store --out "$out" >"$out.log" 2>&1 ||
            { cat "$out.log" >&2; die "pair $i, warmup $w failed"; }
        python3 - "$out" "$i" "$w" <<'PY' | tee -a "$work/table"
import json, sys
out, pair, warm = sys.argv[1:]
scenario = json.load(open(f"{out}/results.json"))["scenarios"][0]
seconds = [r for r in map(json.loads, open(f"{out}/intervals.ndjson")) if "second" in r and r.get("component") == "read_item"]
p99 = [s["latency_ms"]["p99"] for s in seconds]
latency = scenario["latency_ms"]
print(f"{pair:<5} {warm:<7} {scenario['requests']:>9} {latency['p99']:>9.2f} {latency['max']:>9.1f} {p99[0]:>12.2f} {p99[1]:>12.2f}")
PY
    done
done

python3 - "$work/table" <<'PY'
import statistics, sys
rows = [line.split() for line in open(sys.argv[1])]
for warm in dict.fromkeys(r[1] for r in rows):
    runs = [r for r in rows if r[1] == warm]
    cols = {name: [float(r[i]) for r in runs] for name, i in (("p99", 3), ("max", 4), ("first-second p99", 5))}
    print(f"warmup {warm}: " + ", ".join(f"{name} median {statistics.median(v):.2f} ms ({min(v):.2f} - {max(v):.2f})" for name, v in cols.items()))
PY
