using System.Text.Json;
using HdrHistogram;
using Redline.Engine;

namespace Redline.Dashboard;

/// <summary>The dashboard stream's events as JSON: names in snake_case, times in milliseconds, rates per second.</summary>
internal static class LiveJson
{
    /// <summary>
    /// The upper bounds, in seconds, of the latency buckets the page's distribution and <c>/metrics</c>' histogram
    /// share: from 1 ms to a minute, so that <c>histogram_quantile</c> reads any service's percentiles.
    /// </summary>
    public static readonly double[] BucketBounds = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

    public static void WriteScenario(Utf8JsonWriter w, ScenarioStart start)
    {
        w.WriteStartObject();
        w.WriteString("scenario", start.Scenario);
        w.WriteString("model", start.Model);
        w.WriteString("description", start.Description);
        w.WriteString("started_at", start.StartedAt);
        w.WriteNumber("duration_s", start.Duration.TotalSeconds);
        w.WriteNumber("repeat", start.Repeat);
        w.WriteNumber("repeats", start.Repeats);
        w.WriteStartArray("components");
        foreach (var component in start.Components.Take(LiveState.MaxComponents - 1))
        {
            w.WriteStringValue(component);
        }

        if (start.Components.Count >= LiveState.MaxComponents)
        {
            w.WriteStringValue(start.Components.Count == LiveState.MaxComponents ? start.Components[^1] : ScenarioLive.Other);
        }

        w.WriteEndArray();
        w.WriteStartArray("criteria");
        foreach (var criterion in start.Criteria)
        {
            w.WriteStartObject();
            w.WriteString("name", criterion.Name);
            w.WriteString("expression", criterion.Expression);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteStartArray("stages");
        foreach (var stage in start.Stages)
        {
            w.WriteStartObject();
            w.WriteNumber("stage", stage.Number);
            w.WriteNumber("start_s", stage.Start.TotalSeconds);
            w.WriteNumber("end_s", stage.End.TotalSeconds);
            w.WriteNumber("from", stage.From);
            w.WriteNumber("to", stage.To);
            w.WriteString("unit", stage.Unit);
            w.WriteString("phase", stage.Phase);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }

    public static void WriteSecond(Utf8JsonWriter w, ScenarioLive scenario, IntervalReport report)
    {
        w.WriteStartObject();
        w.WriteString("scenario", report.Scenario);
        w.WriteNumber("second", report.Second);
        w.WriteNumber("load", Round(report.Load));
        w.WriteNumber("in_flight", report.InFlight);
        w.WritePropertyName("total");
        WriteSnapshot(w, "all", report.Total);
        w.WriteStartArray("components");
        foreach (var snapshot in Folded(report.Components))
        {
            WriteSnapshot(w, snapshot.Component ?? ScenarioLive.Other, snapshot);
        }

        w.WriteEndArray();
        WriteResources(w, report);
        var criteria = WriteCriteria(w, scenario);
        w.WriteStartObject("cumulative");
        WriteCumulative(w, scenario.All, scenario.Seconds);
        w.WriteEndObject();

        // 100 × (1 − this second's error rate) × the share of criteria met so far; 0 once the target exited.
        var alive = report.Target?.Alive ?? report.Resources?.Target?.Alive ?? true;
        var share = criteria.Judged == 0 ? 1 : (double)criteria.Met / criteria.Judged;
        w.WriteNumber("health", alive ? Math.Round(100 * (1 - (report.Total.ErrorRatePercent / 100)) * share, 1) : 0);
        w.WriteStartArray("distribution");
        foreach (var count in BucketCounts(scenario.All.Latency))
        {
            w.WriteNumberValue(count);
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }

    public static void WriteEvent(Utf8JsonWriter w, RunEvent runEvent)
    {
        w.WriteStartObject();
        w.WriteString("scenario", runEvent.Scenario);
        w.WriteNumber("at_s", Math.Round(runEvent.At.TotalSeconds, 3));
        w.WriteString("kind", runEvent.Kind.Name);
        w.WriteString("text", runEvent.Text);
        w.WriteString("component", runEvent.Component);
        w.WriteStartObject("data");
        foreach (var (key, value) in runEvent.Data)
        {
            w.WriteString(key, value);
        }

        w.WriteEndObject();
        w.WriteEndObject();
    }

    public static void WriteScenarioEnd(Utf8JsonWriter w, ScenarioResult result)
    {
        w.WriteStartObject();
        WriteResultFigures(w, result);
        w.WriteEndObject();
    }

    public static void WriteRunEnd(Utf8JsonWriter w, RunResult result)
    {
        w.WriteStartObject();
        w.WriteString("run_id", result.RunId);
        w.WriteString("suite", result.Suite);
        w.WriteString("verdict", Verdicts(result.Verdict));
        w.WriteNumber("duration_s", Math.Round((result.EndedAt - result.StartedAt).TotalSeconds, 1));
        w.WriteStartArray("scenarios");
        foreach (var scenario in result.Scenarios)
        {
            w.WriteStartObject();
            WriteResultFigures(w, scenario);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }

    /// <summary>
    /// How many latencies fall in each bucket of <see cref="BucketBounds"/>, the last the slower rest. A value is placed
    /// by the lowest value its histogram bucket stands for, so that 10 ms recorded counts as ≤ 10 ms (within the
    /// histogram's 0.1%).
    /// </summary>
    public static long[] BucketCounts(HistogramBase histogram)
    {
        var counts = new long[BucketBounds.Length + 1];
        foreach (var value in histogram.RecordedValues())
        {
            var seconds = histogram.LowestEquivalentValue(value.ValueIteratedTo) / 1e6;
            var index = Array.FindIndex(BucketBounds, b => seconds <= b);
            counts[index < 0 ? BucketBounds.Length : index] += value.CountAtValueIteratedTo;
        }

        return counts;
    }

    private static IEnumerable<IntervalSnapshot> Folded(IReadOnlyList<IntervalSnapshot> components)
    {
        if (components.Count <= LiveState.MaxComponents)
        {
            return components;
        }

        // Past the limit, the rest show as one line named other: its counts summed, its percentiles the worst of them.
        var rest = components.Skip(LiveState.MaxComponents - 1).ToList();
        var worst = rest.MaxBy(c => c.Latency.P95)!;
        var other = worst with
        {
            Component = ScenarioLive.Other,
            Requests = rest.Sum(c => c.Requests),
            Errors = rest.Sum(c => c.Errors),
            Dropped = rest.Sum(c => c.Dropped),
            Late = rest.Sum(c => c.Late),
        };
        return [.. components.Take(LiveState.MaxComponents - 1), other];
    }

    private static void WriteSnapshot(Utf8JsonWriter w, string name, IntervalSnapshot snapshot)
    {
        w.WriteStartObject();
        w.WriteString("name", name);
        w.WriteNumber("requests", snapshot.Requests);
        w.WriteNumber("errors", snapshot.Errors);
        w.WriteNumber("error_rate", Round(snapshot.ErrorRatePercent));
        w.WriteNumber("dropped", snapshot.Dropped);
        w.WriteNumber("late", snapshot.Late);
        w.WriteNumber("p50", snapshot.Latency.P50);
        w.WriteNumber("p95", snapshot.Latency.P95);
        w.WriteNumber("p99", snapshot.Latency.P99);
        w.WriteNumber("max", snapshot.Latency.Max);
        w.WriteEndObject();
    }

    private static void WriteResources(Utf8JsonWriter w, IntervalReport report)
    {
        w.WriteStartObject("resources");
        w.WriteNumber("generator_cpu", Round(report.Generator.CpuPercent));
        w.WriteNumber("schedule_lag_p99_ms", Round(report.Generator.ScheduleLagP99Ms));
        var target = report.Resources?.Target;
        if ((target?.CpuPercent ?? report.Target?.CpuPercent) is { } cpu)
        {
            w.WriteNumber("target_cpu", Round(cpu));
        }

        if ((target?.RssBytes ?? report.Target?.RssBytes) is { } rss)
        {
            w.WriteNumber("target_rss_bytes", rss);
        }

        if (target?.Io is { } io)
        {
            w.WriteNumber("target_read_bps", Round(io.ReadCharsPerSecond));
            w.WriteNumber("target_write_bps", Round(io.WriteCharsPerSecond));
        }

        if (report.Resources?.TargetRuntime?.ThreadPoolQueueLength is { } queue)
        {
            w.WriteNumber("thread_pool_queue", queue);
        }

        if (report.Resources?.System is { } system)
        {
            if (system.Cpu is { } machine)
            {
                w.WriteNumber("machine_cpu", Round(machine.UserPercent + machine.SystemPercent + machine.StealPercent));
            }

            if (system.Memory is { TotalBytes: > 0 } memory)
            {
                w.WriteNumber("machine_memory", Round(100.0 * (memory.TotalBytes - memory.AvailableBytes) / memory.TotalBytes));
            }

            if (system.Disks is { } disks)
            {
                w.WriteNumber("disk_read_bps", Round(disks.Sum(d => d.ReadBytesPerSecond)));
                w.WriteNumber("disk_write_bps", Round(disks.Sum(d => d.WriteBytesPerSecond)));
            }

            if (system.Interfaces is { } interfaces)
            {
                w.WriteNumber("net_rx_bps", Round(interfaces.Sum(i => i.ReceivedBytesPerSecond)));
                w.WriteNumber("net_tx_bps", Round(interfaces.Sum(i => i.SentBytesPerSecond)));
            }
        }

        w.WriteEndObject();
    }

    /// <summary>Each criterion judged on the totals so far where its metric can be (latency, errors, throughput); resource criteria wait for the end.</summary>
    private static (int Judged, int Met) WriteCriteria(Utf8JsonWriter w, ScenarioLive scenario)
    {
        var (judged, met) = (0, 0);
        w.WriteStartArray("criteria");
        foreach (var criterion in scenario.Start.Criteria)
        {
            w.WriteStartObject();
            w.WriteString("name", criterion.Name);
            w.WriteString("expression", criterion.Expression);
            var totals = criterion.Component is null ? scenario.All : scenario.Components.Find(c => c.Name == criterion.Component);
            var read = MetricCatalog.Find(criterion.Metric)?.FromMeasures;
            if (read is not null && totals is { Requests: > 0 } && read(totals.ToMeasures(scenario.Seconds)) is { } actual)
            {
                judged++;
                var ok = criterion.IsMet(actual);
                met += ok ? 1 : 0;
                w.WriteNumber("actual", Round(actual));
                w.WriteBoolean("met", ok);
            }
            else
            {
                w.WriteNull("actual");
                w.WriteNull("met");
            }

            w.WriteEndObject();
        }

        w.WriteEndArray();
        return (judged, met);
    }

    private static void WriteCumulative(Utf8JsonWriter w, Totals totals, long seconds)
    {
        var stats = LatencyStats.From(totals.Latency);
        w.WriteNumber("requests", totals.Requests);
        w.WriteNumber("errors", totals.Errors);
        w.WriteNumber("error_rate", totals.Requests == 0 ? 0 : Round(100.0 * totals.Errors / totals.Requests));
        w.WriteNumber("throughput", seconds == 0 ? 0 : Round(totals.Requests / (double)seconds));
        w.WriteNumber("p50", stats.P50);
        w.WriteNumber("p95", stats.P95);
        w.WriteNumber("p99", stats.P99);
    }

    private static void WriteResultFigures(Utf8JsonWriter w, ScenarioResult result)
    {
        w.WriteString("scenario", result.Name);
        w.WriteString("verdict", Verdicts(result.Verdict));
        w.WriteNumber("duration_s", Math.Round(result.Duration.TotalSeconds, 1));
        w.WriteNumber("requests", result.Totals.Requests);
        w.WriteNumber("errors", result.Totals.Errors);
        w.WriteNumber("error_rate", result.Totals.ErrorRatePercent);
        w.WriteNumber("throughput", Round(result.Totals.ThroughputRps));
        w.WriteNumber("p50", result.Totals.Latency.P50);
        w.WriteNumber("p95", result.Totals.Latency.P95);
        w.WriteNumber("p99", result.Totals.Latency.P99);
        w.WriteStartArray("components");
        foreach (var component in result.Components)
        {
            w.WriteStartObject();
            w.WriteString("name", component.Name);
            w.WriteNumber("requests", component.Measures.Requests);
            w.WriteNumber("error_rate", component.Measures.ErrorRatePercent);
            w.WriteNumber("throughput", Round(component.Measures.ThroughputRps));
            w.WriteNumber("p95", component.Measures.Latency.P95);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteStartArray("criteria");
        foreach (var criterion in result.Criteria)
        {
            w.WriteStartObject();
            w.WriteString("name", criterion.Name);
            w.WriteString("expression", criterion.Expression);
            if (criterion.Actual is { } actual)
            {
                w.WriteNumber("actual", actual);
            }
            else
            {
                w.WriteNull("actual");
            }

            w.WriteBoolean("met", criterion.Passed);
            w.WriteString("note", criterion.Note);
            w.WriteEndObject();
        }

        w.WriteEndArray();
    }

    private static string Verdicts(Verdict verdict) => verdict switch
    {
        Verdict.Passed => "passed",
        Verdict.Failed => "failed",
        _ => "aborted",
    };

    private static double Round(double value) => double.IsFinite(value) ? Math.Round(value, 3) : 0;
}
