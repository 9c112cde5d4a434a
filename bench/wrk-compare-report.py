"""Prints wrk-compare.sh's table: requests per CPU-second of wrk and of Redline, and their ratio.

Arguments: WORK_DIR RUNS WARMUP_SECONDS CLK_TCK CONNECTIONS. Each WORK_DIR/runN holds wrk.out,
wrk.time, redline.time, redline.stat (timestamped /proc/PID/stat samples), out/results.json and
the nginx worker's CPU ticks during each tool's run.
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


def report(run, warmup, tick, connections):
    rows = []
    w_requests, w_seconds, w_latency = parse_wrk(run)
    w_cpu, _ = cpu_seconds(run / "wrk.time")
    rows.append(("wrk (whole process)", w_requests, w_seconds, w_cpu))

    result = json.loads((run / "out" / "results.json").read_text())
    scenario = result["scenarios"][0]
    r_cpu, r_wall = cpu_seconds(run / "redline.time")
    rows.append(("redline (whole process)", scenario["requests"], r_wall, r_cpu))

    points = cpu_curve(run / "redline.stat", tick)
    start = epoch(scenario["started_at"])
    end = start + scenario["duration_s"]
    load_cpu = cpu_at(points, end) - cpu_at(points, start)
    rows.append(("redline (during load)", scenario["requests"], end - start, load_cpu))

    steady = [s for s in scenario["timeline"] if s["second"] >= warmup]
    steady_requests = sum(s["requests"] for s in steady)
    if steady_requests and end - start > warmup + 1:
        steady_cpu = cpu_at(points, end) - cpu_at(points, start + warmup)
        rows.append((f"redline (after {warmup:g}s warm-up)", steady_requests, end - start - warmup, steady_cpu))

    baseline = w_requests / w_cpu
    print(f"{'tool':<28}{'requests':>10}{'seconds':>9}{'CPU-s':>8}{'req/CPU-s':>11}{'vs wrk':>8}")
    for name, requests, seconds, cpu in rows:
        per_cpu = requests / cpu
        print(f"{name:<28}{requests:>10}{seconds:>9.2f}{cpu:>8.2f}{per_cpu:>11.0f}{per_cpu / baseline:>8.3f}")

    startup = r_cpu - load_cpu
    nginx = {tool: int((run / f"{tool}.nginx").read_text()) / tick for tool in ("wrk", "redline")}
    p = scenario["latency_ms"]
    print(f"redline outside the load (startup, JIT, results): {startup:.2f} CPU-s, {r_wall - (end - start):.2f} s")
    print(f"latency p50/p99: wrk {w_latency.get('50', float('nan')):.3f}/{w_latency.get('99', float('nan')):.3f} ms,"
          f" redline {p['p50']:.3f}/{p['p99']:.3f} ms ({connections} connections, closed loop)")
    print("user/system CPU-s: " + ", ".join(
        f"{tool} {' / '.join(Path(run / f'{tool}.time').read_text().split()[-3:-1])}" for tool in ("wrk", "redline")))
    print(f"nginx worker CPU on core 0: {nginx['wrk']:.2f} s during wrk, {nginx['redline']:.2f} s during redline")
    return [(name, requests / cpu / baseline) for name, requests, _, cpu in rows[1:]]


def main():
    work, runs, warmup, tick, connections = Path(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3]), int(sys.argv[4]), sys.argv[5]
    ratios = {}
    for i in range(1, runs + 1):
        print(f"\n== run {i} of {runs}")
        for name, ratio in report(work / f"run{i}", warmup, tick, connections):
            ratios.setdefault(name, []).append(ratio)
    if runs > 1:
        print("\nredline/wrk requests per CPU-second, median over runs:")
        for name, values in ratios.items():
            print(f"  {name:<28}{statistics.median(values):.3f}  ({', '.join(f'{v:.3f}' for v in values)})")


if __name__ == "__main__":
    main()
