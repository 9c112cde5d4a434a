using System.Globalization;
using System.Text;
using HdrHistogram;

namespace Redline.Dashboard;

/// <summary>
/// <c>/metrics</c> in Prometheus's text exposition format (version 0.0.4): base units (seconds, bytes, ratios),
/// counters ending in <c>_total</c>, latency as a classic histogram so that <c>histogram_quantile</c> works, and
/// labels for suite, scenario, component and status, each bounded (<see cref="LiveState.MaxComponents"/>,
/// <see cref="LiveState.MaxLabelValues"/>).
/// </summary>
public static class MetricsExposition
{
    /// <summary>The content type Prometheus expects for this format.</summary>
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    /// <summary>The whole exposition of <paramref name="state"/> now.</summary>
    public static string Write(LiveState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        return state.Read(scenarios => Write(state.Suite ?? "", state.RunId ?? "", state.Regressions, scenarios));
    }

    private static string Write(string suite, string runId, int? regressions, IReadOnlyList<ScenarioLive> all)
    {
        // A repeated scenario's newest repeat stands for it: its counters start afresh, as after a restart.
        var scenarios = all.GroupBy(s => s.Name, StringComparer.Ordinal).Select(g => g.Last()).ToList();
        var text = new StringBuilder(4096);
        Family(text, "redline_run_info", "gauge", "The run being measured: 1, with its suite and id as labels.");
        if (runId.Length > 0)
        {
            Sample(text, "redline_run_info", [("suite", suite), ("run_id", runId)], 1);
        }

        Family(text, "redline_requests_total", "counter", "Completed requests (iterations) by protocol status; status none when no answer came.");
        foreach (var (scenario, totals) in Components(scenarios))
        {
            var answered = 0L;
            foreach (var (status, count) in totals.StatusCodes.OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                answered += count;
                Sample(text, "redline_requests_total", Labels(suite, scenario, totals, ("status", status)), count);
            }

            if (totals.Requests - answered > 0 || totals.StatusCodes.Count == 0)
            {
                Sample(text, "redline_requests_total", Labels(suite, scenario, totals, ("status", "none")), Math.Max(0, totals.Requests - answered));
            }
        }

        Family(text, "redline_request_errors_total", "counter", "Failed requests (iterations) by error class.");
        foreach (var (scenario, totals) in Components(scenarios))
        {
            foreach (var (type, count) in totals.ErrorsByType.OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                Sample(text, "redline_request_errors_total", Labels(suite, scenario, totals, ("type", type)), count);
            }
        }

        Family(text, "redline_request_duration_seconds", "histogram", "Request latency, timed from the intended start in the open model (corrected for coordinated omission).");
        foreach (var (scenario, totals) in Components(scenarios))
        {
            var counts = LiveJson.BucketCounts(totals.Latency);
            var cumulative = 0L;
            for (var i = 0; i < LiveJson.BucketBounds.Length; i++)
            {
                cumulative += counts[i];
                Sample(text, "redline_request_duration_seconds_bucket", Labels(suite, scenario, totals, ("le", Number(LiveJson.BucketBounds[i]))), cumulative);
            }

            Sample(text, "redline_request_duration_seconds_bucket", Labels(suite, scenario, totals, ("le", "+Inf")), totals.Latency.TotalCount);
            Sample(text, "redline_request_duration_seconds_sum", Labels(suite, scenario, totals), totals.Latency.GetMean() * totals.Latency.TotalCount / 1e6);
            Sample(text, "redline_request_duration_seconds_count", Labels(suite, scenario, totals), totals.Latency.TotalCount);
        }

        Counter(text, scenarios, suite, "redline_dropped_iterations_total", "Iterations the open model could not start because every slot was busy.", t => t.Dropped);
        Counter(text, scenarios, suite, "redline_late_iterations_total", "Iterations that started behind their schedule.", t => t.Late);

        Family(text, "redline_load", "gauge", "The scheduled load: active users in the closed model, iterations per second in the open model.");
        Each(text, scenarios, suite, "redline_load", s => s.Load);
        Family(text, "redline_in_flight_iterations", "gauge", "Iterations in flight at the end of the last second.");
        Each(text, scenarios, suite, "redline_in_flight_iterations", s => s.InFlight);
        Family(text, "redline_generator_cpu_utilization_ratio", "gauge", "The generator's CPU over the last second, as a share of the cores it may use.");
        Each(text, scenarios, suite, "redline_generator_cpu_utilization_ratio", s => s.Last?.Generator.CpuPercent / 100);
        Family(text, "redline_target_cpu_utilization_ratio", "gauge", "The target's CPU over the last second; 1 is one core busy.");
        Each(text, scenarios, suite, "redline_target_cpu_utilization_ratio", s => (s.Last?.Resources?.Target?.CpuPercent ?? s.Last?.Target?.CpuPercent) / 100);
        Family(text, "redline_target_cpu_usage_ratio", "gauge", "The target's CPU over the last second as a share of all the machine's cores (what cpu_usage criteria and alerts compare).");
        Each(text, scenarios, suite, "redline_target_cpu_usage_ratio", s => (s.Last?.Resources?.Target?.CpuPercent ?? s.Last?.Target?.CpuPercent) / 100 / Environment.ProcessorCount);
        Family(text, "redline_target_resident_memory_bytes", "gauge", "The target's resident memory.");
        Each(text, scenarios, suite, "redline_target_resident_memory_bytes", s => s.Last?.Resources?.Target?.RssBytes ?? s.Last?.Target?.RssBytes);
        Family(text, "redline_host_cpu_utilization_ratio", "gauge", "The machine's CPU over the last second (user, system and steal), as a share of all cores.");
        Each(text, scenarios, suite, "redline_host_cpu_utilization_ratio", s => s.Last?.Resources?.System?.Cpu is { } cpu ? (cpu.UserPercent + cpu.SystemPercent + cpu.StealPercent) / 100 : null);
        Family(text, "redline_host_memory_utilization_ratio", "gauge", "The machine's memory in use (total less available), as a share of the total.");
        Each(text, scenarios, suite, "redline_host_memory_utilization_ratio", s => s.Last?.Resources?.System?.Memory is { TotalBytes: > 0 } m ? (m.TotalBytes - m.AvailableBytes) / (double)m.TotalBytes : null);
        Family(text, "redline_host_disk_read_bytes_total", "counter", "Bytes the machine's disks read since the scenario's start.");
        Each(text, scenarios, suite, "redline_host_disk_read_bytes_total", s => s.DiskReadBytes);
        Family(text, "redline_host_disk_written_bytes_total", "counter", "Bytes the machine's disks wrote since the scenario's start.");
        Each(text, scenarios, suite, "redline_host_disk_written_bytes_total", s => s.DiskWrittenBytes);
        Family(text, "redline_host_network_received_bytes_total", "counter", "Bytes the machine's interfaces received since the scenario's start.");
        Each(text, scenarios, suite, "redline_host_network_received_bytes_total", s => s.NetworkReceivedBytes);
        Family(text, "redline_host_network_transmitted_bytes_total", "counter", "Bytes the machine's interfaces sent since the scenario's start.");
        Each(text, scenarios, suite, "redline_host_network_transmitted_bytes_total", s => s.NetworkSentBytes);
        Family(text, "redline_regression_detected", "gauge", "1 once the run's comparison with its baseline found a regression, 0 when it found none; absent before a comparison.");
        if (regressions is { } found && runId.Length > 0)
        {
            Sample(text, "redline_regression_detected", [("suite", suite), ("run_id", runId)], found > 0 ? 1 : 0);
        }

        return text.ToString();
    }

    private static IEnumerable<(ScenarioLive Scenario, Totals Totals)> Components(IEnumerable<ScenarioLive> scenarios) =>
        scenarios.SelectMany(s => s.Components.Select(c => (s, c)));

    private static void Counter(StringBuilder text, IEnumerable<ScenarioLive> scenarios, string suite, string name, string help, Func<Totals, long> read)
    {
        Family(text, name, "counter", help);
        foreach (var (scenario, totals) in Components(scenarios))
        {
            Sample(text, name, Labels(suite, scenario, totals), read(totals));
        }
    }

    private static void Each(StringBuilder text, IEnumerable<ScenarioLive> scenarios, string suite, string name, Func<ScenarioLive, double?> read)
    {
        foreach (var scenario in scenarios)
        {
            if (read(scenario) is { } value)
            {
                Sample(text, name, [("suite", suite), ("scenario", scenario.Name)], value);
            }
        }
    }

    private static (string, string)[] Labels(string suite, ScenarioLive scenario, Totals totals, params (string, string)[] more) =>
        [("suite", suite), ("scenario", scenario.Name), ("component", totals.Name), .. more];

    private static void Family(StringBuilder text, string name, string type, string help)
    {
        text.Append("# HELP ").Append(name).Append(' ').Append(help.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal)).Append('\n');
        text.Append("# TYPE ").Append(name).Append(' ').Append(type).Append('\n');
    }

    private static void Sample(StringBuilder text, string name, IReadOnlyList<(string Name, string Value)> labels, double value)
    {
        text.Append(name);
        if (labels.Count > 0)
        {
            text.Append('{');
            for (var i = 0; i < labels.Count; i++)
            {
                text.Append(i == 0 ? "" : ",").Append(labels[i].Name).Append("=\"").Append(Escape(labels[i].Value)).Append('"');
            }

            text.Append('}');
        }

        text.Append(' ').Append(Number(value)).Append('\n');
    }

    /// <summary>A label value with backslash, double quote and line feed escaped, as the format asks.</summary>
    internal static string Escape(string value) =>
        value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);

    private static string Number(double value) =>
        double.IsNaN(value) ? "NaN"
        : double.IsPositiveInfinity(value) ? "+Inf"
        : double.IsNegativeInfinity(value) ? "-Inf"
        : value.ToString("R", CultureInfo.InvariantCulture);
}
