#!/usr/bin/env bash
# What Redline's chaos faults reach against what was asked, and what a Redline killed mid-fault
# leaves behind. Needs root (control groups, a network namespace, a tmpfs) and nftables.
#
#  loss   packet_loss at 1%, 5% and 10% (20 s each) on the reference deployment at 300 req/s:
#         the share its nftables counters saw dropped, of how many packets.
#  cpu    cpu_throttling at 25%, 50% and 75% of the machine's cores (10 s each) on a target that
#         wants two whole cores (two busy loops beside a tiny HTTP server): the cores its control
#         group used and the periods it was throttled in.
#  kill   N trials: a run with a CPU quota, a memory limit, a full disk (a 16 MiB tmpfs), a
#         database drop and packet loss on at once, killed with SIGKILL 0 to 3 s after the faults
#         started; then `redline chaos clean`. Counts what was left before and after the clean:
#         leases, redline-* control groups and namespaces, ballast, processes in those groups.
#
# Usage: bench/chaos-faults.sh [-n KILL_TRIALS] [-b PUBLISHED_DIR] [loss] [cpu] [kill]
# Run it on a quiet machine: about 70 s for loss, 50 s for cpu, 15 s per kill trial.
set -euo pipefail
export LC_ALL=C DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1

trials=10
published=""
while getopts "n:b:h" opt; do
    case "$opt" in
        n) trials=$OPTARG ;;
        b) published=$OPTARG ;;
        *) sed -n '2,17p' "$0" | sed 's/^# \{0,1\}//'; exit 2 ;;
    esac
done
shift $((OPTIND - 1))
parts=("$@")
((${#parts[@]} > 0)) || parts=(loss cpu kill)

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/redline-chaos.XXXXXX")
artifacts=${REDLINE_BENCH_ARTIFACTS:-${TMPDIR:-/tmp}/redline-bench-artifacts}
port=18099
export REDLINE_CHAOS_DIR="$work/journal"
mkdir -p "$work/tmp"

# shellcheck source=bench/lib.sh
source "$repo/bench/lib.sh"

cleanup() {
    mountpoint -q "$work/disk" 2>/dev/null && umount "$work/disk"
    REDLINE_CHAOS_DIR="$work/journal" dotnet "$work/redline/redline.dll" chaos clean --all >/dev/null 2>&1 || true
    remove_work
}
trap cleanup EXIT
trap 'exit 130' INT TERM

((EUID == 0)) || die "needs root: control groups, network namespaces and a tmpfs"
install_missing nft:nftables
publish
redline() { dotnet "$work/redline/redline.dll" "$@"; }

# The reference deployment, started by Redline.
reference_target() {
    cat <<YAML
target:
  base_url: http://127.0.0.1:$port
  start:
    command: dotnet
    args: ["$work/redline/redline.dll", target, serve, --profile, optimized, --port, "$port", --latency-scale, "0", --mcp-servers, "1"]
    # A killed run's target leaves its temporary database behind: it goes in the work folder.
    env: { TMPDIR: "$work/tmp" }
    ready: /health
    ready_timeout: 60s
YAML
}

# achieved RESULTS FAULT: one line per occurrence of FAULT: asked, achieved, note.
achieved() {
    python3 - "$1" "$2" <<'PY'
import json, sys
for fault in json.load(open(sys.argv[1]))["scenarios"][0].get("chaos", []):
    if fault["fault"] == sys.argv[2]:
        print(f"  {fault['fault']} {fault['asked']:>6}: {fault['achieved']}" + (f"  ({fault['note']})" if fault["note"] else ""))
PY
}

loss() {
    log "packet loss: 1%, 5%, 10%"
    {
        echo "suite: chaos-loss"
        reference_target
        cat <<YAML
components:
  cache:
    request: { method: GET, path: /api/cache/key-7, timeout: 5s }
scenarios:
  loss:
    load: { model: open, rate: 300/s, duration: 66s, max_concurrency: 500 }
    chaos:
      - { packet_loss: 1%, at: 2s, for: 20s }
      - { packet_loss: 5%, at: 23s, for: 20s }
      - { packet_loss: 10%, at: 44s, for: 20s }
YAML
    } >"$work/loss.yaml"
    redline run "$work/loss.yaml" --quiet --no-store --out "$work/loss" >"$work/loss.log" 2>&1 ||
        { cat "$work/loss.log" >&2; die "the loss run failed"; }
    achieved "$work/loss/results.json" packet_loss
}

cpu() {
    log "CPU quota: 25%, 50%, 75% of $(nproc) cores"
    cat >"$work/cpu.yaml" <<YAML
suite: chaos-cpu
target:
  base_url: http://127.0.0.1:$port
  start:
    command: bash
    args: [-c, 'while :; do :; done & while :; do :; done & exec python3 -m http.server $port --bind 127.0.0.1']
    ready: /
    ready_timeout: 30s
  monitor: { children: true, runtime: false }
components:
  index:
    request: { method: GET, path: /, timeout: 5s }
scenarios:
  quota:
    load: { model: open, rate: 2/s, duration: 44s }
    chaos:
      - { cpu_throttling: 25%, at: 2s, for: 12s }
      - { cpu_throttling: 50%, at: 16s, for: 12s }
      - { cpu_throttling: 75%, at: 30s, for: 12s }
YAML
    redline run "$work/cpu.yaml" --quiet --no-store --out "$work/cpu" >"$work/cpu.log" 2>&1 ||
        { cat "$work/cpu.log" >&2; die "the cpu run failed"; }
    achieved "$work/cpu/results.json" cpu_throttling
}

# leftovers: leases, control groups, namespaces, ballast files, processes in Redline's control groups, free MiB on the tmpfs.
leftovers() {
    local leases groups netns ballast procs free
    leases=$(find "$REDLINE_CHAOS_DIR" -name 'redline-*.json' 2>/dev/null | wc -l)
    groups=$(find /sys/fs/cgroup -maxdepth 6 -type d -name 'redline-*' 2>/dev/null | wc -l)
    netns=$(find /run/netns -maxdepth 1 -name 'redline-*' 2>/dev/null | wc -l)
    ballast=$(find "$work/disk" -maxdepth 1 -name '.redline-ballast-*' 2>/dev/null | wc -l)
    procs=$(cat /sys/fs/cgroup/cpu/redline-*/cgroup.procs 2>/dev/null | wc -l)
    free=$(df -m --output=avail "$work/disk" | tail -1 | tr -d ' ')
    echo "$leases $groups $netns $ballast $procs $free"
}

kill_trials() {
    log "SIGKILL during faults: $trials trials"
    mkdir -p "$work/disk"
    mount -t tmpfs -o size=16m tmpfs "$work/disk"
    {
        echo "suite: chaos-kill"
        reference_target
        cat <<YAML
components:
  deployment:
    request: { method: GET, path: "/api/deployments/{{random:1-200}}", timeout: 5s }
scenarios:
  faults:
    load: { model: open, rate: 50/s, duration: 60s }
    chaos:
      - { cpu_throttling: 50%, at: 1s }
      - { memory_pressure: 90%_usage, at: 1s }
      - { disk_space_exhaustion: full, path: $work/disk, at: 1s }
      - { database_connection_drop: 10%, at: 1s }
      - { packet_loss: 5%, at: 1s }
YAML
    } >"$work/kill.yaml"
    printf '%-6s %-7s | %-34s | %-34s\n' trial kill_s "after SIGKILL: leases groups ns ballast procs free" "after clean:  leases groups ns ballast procs free"
    local clean_total=0 i
    for i in $(seq 1 "$trials"); do
        local out="$work/kill-$i" delay
        delay=$(python3 -c "import random; print(f'{random.uniform(0, 3):.2f}')")
        # dotnet itself in the background (not the function), so that $! is the process to kill.
        dotnet "$work/redline/redline.dll" run "$work/kill.yaml" --quiet --no-store --out "$out" >"$out.log" 2>&1 &
        local pid=$! started=0
        for _ in $(seq 600); do
            started=$(cat "$out/events.ndjson" 2>/dev/null | grep -c '"kind":"fault_started"' || true)
            ((started >= 5)) && break
            sleep 0.1
        done
        ((started >= 5)) || { kill -9 "$pid"; cat "$out.log" >&2; die "trial $i: the faults did not all start within 60 s"; }
        sleep "$delay"
        kill -9 "$pid"; wait "$pid" 2>/dev/null || true
        sleep 1
        local before after
        before=$(leftovers)
        redline chaos clean >"$out.clean" 2>&1
        after=$(leftovers)
        printf '%-6s %-7s | %-34s | %-34s\n' "$i" "$delay" "$before" "$after"
        [[ "$after" == "0 0 0 0 0 16" ]] && clean_total=$((clean_total + 1))
    done
    echo "  clean after $clean_total of $trials trials (nothing left: no lease, group, namespace, ballast or process, 16 MiB free)"
}

for part in "${parts[@]}"; do
    case "$part" in
        loss) loss ;;
        cpu) cpu ;;
        kill) kill_trials ;;
        *) die "unknown part '$part': loss, cpu or kill" ;;
    esac
done
