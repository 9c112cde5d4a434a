"""Prints wrk-compare.sh's table: requests per CPU-second of wrk, autocannon and Redline, and their ratio to wrk.

Arguments: WORK_DIR RUNS WARMUP_SECONDS CLK_TCK CONNECTIONS [TRANSPORTS]. Each WORK_DIR/runN holds
wrk.out, wrk.time, autocannon.json and autocannon.time (unless left out), and per Redline transport
T redline-T.time, redline-T.stat (timestamped /proc/PID/stat samples) and out-T/results.json, with
the nginx worker's CPU ticks during each tool's run in TOOL.nginx.
"""

import json
import re
import statistics
import sys
from datetime import datetime
from pathlib import Path

UNITS = {"us": 1e-3, "ms": 1.0, "s": 1e3}


def cpu_seconds(time_file):
    user, system, wall = (float(x) for x in Path(time_file).read_text().split()[-3:])
    return user + system, wall


def parse_wrk(run):
    text = (run / "wrk.out").read_text()
    requests, seconds, unit = re.search(r"(\d+) requests in ([\d.]+)(us|ms|s|m)\b", text).groups()
    latency = {}
    for pct, value, unit_ in re.findall(r"^\s+(50|99)%\s+([\d.]+)(us|ms|s)", text, re.M):
        latency[pct] = float(value) * UNITS[unit_]
    return int(requests), float(seconds) * {"m": 60e3, **UNITS}[unit] / 1e3, latency


def epoch(iso):
    # .NET writes seven fractional digits; Python's parser takes six.
    return datetime.fromisoformat(re.sub(r"(\.\d{6})\d+", r"\1", iso)).timestamp()


def cpu_curve(stat_file, tick):
    """(time, cumulative CPU seconds) samples; utime and stime are fields 14 and 15 of /proc/PID/stat."""
    points, best = [], 0.0
    for line in Path(stat_file).read_text().splitlines():
        fields = line.split()
        if len(fields) < 14:
            continue
        best = max(best, (int(fields[12]) + int(fields[13])) / tick)
        points.append((float(fields[0]), best))
    return points


def cpu_at(points, t):
    """Cumulative CPU at time t, interpolated between the two samples around it."""
    if t <= points[0][0]:
        return points[0][1]
    for (t0, c0), (t1, c1) in zip(points, points[1:]):
        if t <= t1:
            return c0 + (c1 - c0) * (t - t0) / (t1 - t0)
    return points[-1][1]


def parse_autocannon(run):
    data = json.loads((run / "autocannon.json").read_text())
    latency = data["latency"]
    return data["requests"]["total"], data["duration"], {"50": latency["p50"], "99": latency["p99"]}


def report(run, warmup, tick, connections, transports):
    rows = []
    latencies = []
    w_requests, w_seconds, w_latency = parse_wrk(run)
    w_cpu, _ = cpu_seconds(run / "wrk.time")
    rows.append(("wrk (whole process)", w_requests, w_seconds, w_cpu))
    latencies.append(("wrk", w_latency.get("50", float("nan")), w_latency.get("99", float("nan"))))
    tools = ["wrk"]

    if (run / "autocannon.json").exists():
        a_requests, a_seconds, a_latency = parse_autocannon(run)
        a_cpu, _ = cpu_seconds(run / "autocannon.time")
        rows.append(("autocannon (whole process)", a_requests, a_seconds, a_cpu))
        latencies.append(("autocannon", a_latency["50"], a_latency["99"]))
        tools.append("autocannon")

    outside = []
    for transport in transports:
        tool = f"redline-{transport}"
        tools.append(tool)
        result = json.loads((run / f"out-{transport}" / "results.json").read_text())
        scenario = result["scenarios"][0]
        used = result["generator"].get("transport", "?")
        r_cpu, r_wall = cpu_seconds(run / f"{tool}.time")
        rows.append((f"{tool} (whole process)", scenario["requests"], r_wall, r_cpu))

        points = cpu_curve(run / f"{tool}.stat", tick)
        start = epoch(scenario["started_at"])
        end = start + scenario["duration_s"]
        load_cpu = cpu_at(points, end) - cpu_at(points, start)
        rows.append((f"{tool} (during load)", scenario["requests"], end - start, load_cpu))

        steady = [s for s in scenario["timeline"] if s["second"] >= warmup]
        steady_requests = sum(s["requests"] for s in steady)
        if steady_requests and end - start > warmup + 1:
            steady_cpu = cpu_at(points, end) - cpu_at(points, start + warmup)
            rows.append((f"{tool} (after {warmup:g}s warm-up)", steady_requests, end - start - warmup, steady_cpu))
        p = scenario["latency_ms"]
        latencies.append((f"{tool} [{used}]", p["p50"], p["p99"]))
        outside.append(f"{tool} {r_cpu - load_cpu:.2f} CPU-s, {r_wall - (end - start):.2f} s")

    baseline = w_requests / w_cpu
    print(f"{'tool':<38}{'requests':>10}{'seconds':>9}{'CPU-s':>8}{'req/CPU-s':>11}{'vs wrk':>8}")
    for name, requests, seconds, cpu in rows:
        per_cpu = requests / cpu
        print(f"{name:<38}{requests:>10}{seconds:>9.2f}{cpu:>8.2f}{per_cpu:>11.0f}{per_cpu / baseline:>8.3f}")

    print("redline outside the load (startup, JIT, results): " + "; ".join(outside))
    print(f"latency p50/p99 ms ({connections} connections, closed loop): "
          + ", ".join(f"{name} {p50:.3f}/{p99:.3f}" for name, p50, p99 in latencies))
    print("user/system CPU-s: " + ", ".join(
        f"{tool} {' / '.join(Path(run / f'{tool}.time').read_text().split()[-3:-1])}" for tool in tools))
    print("nginx worker CPU on core 0: " + ", ".join(
        f"{int((run / f'{tool}.nginx').read_text()) / tick:.2f} s during {tool}" for tool in tools))
    return [(name, requests / cpu / baseline) for name, requests, _, cpu in rows[1:]]


def main():
    work, runs, warmup, tick, connections = Path(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3]), int(sys.argv[4]), sys.argv[5]
    transports = sys.argv[6].split() if len(sys.argv) > 6 else ["http1"]
    ratios = {}
    for i in range(1, runs + 1):
        print(f"\n== run {i} of {runs}")
        for name, ratio in report(work / f"run{i}", warmup, tick, connections, transports):
            ratios.setdefault(name, []).append(ratio)
    if runs > 1:
        print("\nrequests per CPU-second as a share of wrk's, median over runs (range):")
        for name, values in ratios.items():
            print(f"  {name:<38}{statistics.median(values):.3f}  ({min(values):.3f} - {max(values):.3f}; {', '.join(f'{v:.3f}' for v in values)})")


if __name__ == "__main__":
    main()
