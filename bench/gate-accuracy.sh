#!/usr/bin/env bash
# The regression gate's accuracy on real runs. The target is examples/hello-service, started and
# stopped by Redline, and its fixed-delay endpoint /api/sleep/{ms}; the load an open model of 40/s
# for 8 s. A/A: consecutive identical runs compared with --fail-on notice, without the run-to-run
# band (--noise-window 0s) and with it once 5 earlier runs exist. Shifts: the delay raised so that
# the median latency grows by about +10% and +40%; each head run is stored in a copy of the A/A
# store and compared with the newest A/A run, with and without the band. All of it once with one
# run per scenario and once with --repeat 3 on both sides.
#
# Usage: bench/gate-accuracy.sh [-n AA_RUNS] [-k HEAD_RUNS] [-r "1 3"] [-d MS] [-p PORT] [-b PUBLISHED_DIR]
# Run it on a quiet machine: about 30 minutes with the defaults.
set -euo pipefail
export LC_ALL=C DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1

aa_runs=25
head_runs=5
repeats="1 3"
delay=20
port=18097
published=""
while getopts "n:k:r:d:p:b:h" opt; do
    case "$opt" in
        n) aa_runs=$OPTARG ;;
        k) head_runs=$OPTARG ;;
        r) repeats=$OPTARG ;;
        d) delay=$OPTARG ;;
        p) port=$OPTARG ;;
        b) published=$OPTARG ;;
        *) sed -n '2,11p' "$0" | sed 's/^# \{0,1\}//'; exit 2 ;;
    esac
done

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/redline-gate-accuracy.XXXXXX")
artifacts=${REDLINE_BENCH_ARTIFACTS:-${TMPDIR:-/tmp}/redline-bench-artifacts}

# shellcheck source=bench/lib.sh
source "$repo/bench/lib.sh"

# Redline stops the target it starts; this only removes the files.
trap remove_work EXIT
trap 'exit 130' INT TERM

port_open && die "port $port is already in use; pick another with -p"
publish
build_hello

redline() { dotnet "$work/redline/redline.dll" "$@"; }

# suite MS: the suite file for a delay of MS milliseconds; only the component's path differs.
suite() {
    local file="$work/suite-$1.yaml"
    cat >"$file" <<YAML
suite: gate-accuracy
target:
  base_url: http://127.0.0.1:$port
  start:
    command: dotnet
    args: ["$work/hello/HelloService.dll", --urls, "http://127.0.0.1:$port"]
    ready: /health
    ready_timeout: 60s
components:
  endpoint:
    request: { method: GET, path: /api/sleep/$1 }
scenarios:
  fixed:
    load: { model: open, rate: 40/s, duration: 8s }
YAML
    echo "$file"
}

# run_suite MS REPEAT STORE OUT: one stored run; prints its id.
run_suite() {
    redline run "$(suite "$1")" --repeat "$2" --quiet --store "$3" --out "$4" >"$4.log" 2>&1 ||
        { cat "$4.log" >&2; die "the run into $4 failed"; }
    python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["run_id"])' "$4/results.json"
}

# judge BASE HEAD STORE OUT WINDOW SETUP SHIFT: one comparison, appended to the table as a JSON line.
judge() {
    local code=0
    redline compare "$1" "$2" --store "$3" --out "$4" --fail-on notice --noise-window "$5" >"$4.log" 2>&1 || code=$?
    ((code == 0 || code == 3)) || { cat "$4.log" >&2; die "compare $1 $2 failed (exit $code)"; }
    python3 - "$4/analysis.json" "$6" "$7" "$code" "$3" >>"$work/verdicts.ndjson" <<'PY'
import json, sys
analysis, setup, shift, code = json.load(open(sys.argv[1])), sys.argv[2], float(sys.argv[3]), int(sys.argv[4])
scenario = [r for r in analysis["regressions"] if r["scope"] == "fixed"]
latency = [r for r in scenario if r["metric"] in ("response_time_p50", "response_time_p95", "response_time_p99")]
grade = lambda metric: next((r["severity"] for r in scenario if r["metric"] == metric), "none")
print(json.dumps({"setup": setup, "shift": shift, "flagged": code == 3, "latency_alerts": len(latency),
                  "p50": grade("response_time_p50"), "p95": grade("response_time_p95"),
                  "band": bool(analysis["noise"]), "base": analysis["baseline_run"], "head": analysis["current_run"]}))
PY
}

p50() { python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["scenarios"][0]["latency_ms"]["p50"])' "$1/results.json"; }

: >"$work/verdicts.ndjson"
: >"$work/levels.tsv"
shift10="" shift40=""
for repeat in $repeats; do
    store="$work/aa-$repeat.db"
    ids=()
    log "repeat $repeat: $aa_runs A/A runs at /api/sleep/$delay"
    for i in $(seq "$aa_runs"); do
        ids+=("$(run_suite "$delay" "$repeat" "$store" "$work/aa-$repeat-$i")")
        printf 'aa\t%s\t%s\n' "$repeat" "$(p50 "$work/aa-$repeat-$i")" >>"$work/levels.tsv"
    done

    if [[ -z "$shift10" ]]; then
        # The delays that move the measured median by about +10% and +40%, from the first A/A runs' median.
        base=$(awk -F'\t' '$1 == "aa" { s += $3; n++ } END { print s / n }' "$work/levels.tsv")
        shift10=$(python3 -c "print(round($delay + 0.10 * $base, 2))")
        shift40=$(python3 -c "print(round($delay + 0.40 * $base, 2))")
        log "A/A median p50 ${base} ms: +10% is /api/sleep/$shift10, +40% is /api/sleep/$shift40"
    fi

    for i in $(seq 2 "$aa_runs"); do
        judge "${ids[i - 2]}" "${ids[i - 1]}" "$store" "$work/aa-$repeat-cmp-$i" 0s "repeat=$repeat history=no" 0
        # With the band only once 5 earlier runs exist, as the gate needs.
        if ((i > 5)); then
            judge "${ids[i - 2]}" "${ids[i - 1]}" "$store" "$work/aa-$repeat-hcmp-$i" 168h "repeat=$repeat history=yes" 0
        fi
    done

    for pair in "10:$shift10" "40:$shift40"; do
        shift=${pair%%:*} ms=${pair#*:}
        log "repeat $repeat: $head_runs head runs at /api/sleep/$ms (+$shift%)"
        for k in $(seq "$head_runs"); do
            cp "$store" "$work/head.db"
            id=$(run_suite "$ms" "$repeat" "$work/head.db" "$work/head-$repeat-$shift-$k")
            printf 'head%s\t%s\t%s\n' "$shift" "$repeat" "$(p50 "$work/head-$repeat-$shift-$k")" >>"$work/levels.tsv"
            judge "${ids[-1]}" "$id" "$work/head.db" "$work/head-$repeat-$shift-$k-cmp" 0s "repeat=$repeat history=no" "$shift"
            judge "${ids[-1]}" "$id" "$work/head.db" "$work/head-$repeat-$shift-$k-hcmp" 168h "repeat=$repeat history=yes" "$shift"
        done
    done
done

python3 - "$work/verdicts.ndjson" "$work/levels.tsv" <<'PY'
import json, sys, statistics
rows = [json.loads(l) for l in open(sys.argv[1])]
levels = [l.rstrip("\n").split("\t") for l in open(sys.argv[2])]
print("\nmedian latency (p50, ms) per run:")
for kind in ("aa", "head10", "head40"):
    for repeat in sorted({l[1] for l in levels}):
        v = [float(l[2]) for l in levels if l[0] == kind and l[1] == repeat]
        if v:
            sd = statistics.stdev(v) if len(v) > 1 else 0
            print(f"  {kind:7} repeat={repeat}: n={len(v)} mean {statistics.mean(v):.2f} CV {100 * sd / statistics.mean(v):.1f}% range {min(v):.2f}-{max(v):.2f}")
aa = {}
for l in levels:
    if l[0] == "aa":
        aa.setdefault(l[1], []).append(float(l[2]))
for kind in ("head10", "head40"):
    for repeat, base in aa.items():
        v = [float(l[2]) for l in levels if l[0] == kind and l[1] == repeat]
        if v:
            print(f"  measured shift {kind} repeat={repeat}: {100 * (statistics.mean(v) / statistics.mean(base) - 1):+.1f}% at p50")
print("\nGrades as none/notice/warning/critical.\n")
print("| setup | shift | comparisons | flagged (any metric, --fail-on notice) | latency alerts (p50/p95/p99) | p50 graded | p95 graded |")
print("|---|---|---|---|---|---|---|")
for setup in sorted({r["setup"] for r in rows}):
    for shift in sorted({r["shift"] for r in rows}):
        sel = [r for r in rows if r["setup"] == setup and r["shift"] == shift]
        if not sel:
            continue
        grades = lambda metric: "/".join(str(sum(1 for r in sel if r[metric] == s)) for s in ("none", "notice", "warning", "critical"))
        alerts = sum(r["latency_alerts"] for r in sel)
        print(f"| {setup} | +{shift:g}% | {len(sel)} | {sum(r['flagged'] for r in sel)} | {alerts}/{3 * len(sel)} | {grades('p50')} | {grades('p95')} |")
PY
