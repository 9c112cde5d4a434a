using Redline.Engine;

namespace Redline.Dashboard.Tests;

/// <summary>Seconds and starts as the engine hands them to sinks, with real latency histograms.</summary>
internal static class Stream
{
    public static ScenarioStart Start(string scenario = "steady", params string[] components) =>
        new(scenario, "closed", new DateTimeOffset(2026, 12, 4, 12, 0, 0, TimeSpan.Zero), TimeSpan.FromSeconds(60), components.Length == 0 ? ["read", "write"] : components)
        {
            Run = new RunIdentity("run-1", "suite-a", new DateTimeOffset(2026, 12, 4, 12, 0, 0, TimeSpan.Zero), new EnvironmentInfo("test", "linux", "x64", "cpu", 2, 1L << 34, ".NET", "workstation", "f", null, null, null)),
            Criteria = [Criterion.TryParse("response_time_p95", "<50ms", out _)!, Criterion.TryParse("error_rate", "<1%", out _)!, Criterion.TryParse("cpu_usage", "<80%", out _)!],
        };

    /// <summary>A component's second: <paramref name="latenciesMs"/> recorded, the last <paramref name="errors"/> of them failed with 503.</summary>
    public static IntervalSnapshot Snapshot(long second, string? component, IReadOnlyList<double> latenciesMs, int errors = 0)
    {
        var histogram = Histograms.Create();
        foreach (var ms in latenciesMs)
        {
            Histograms.RecordMicros(histogram, (long)(ms * 1000));
        }

        var statuses = new Dictionary<string, long>(StringComparer.Ordinal);
        if (latenciesMs.Count - errors > 0)
        {
            statuses["200"] = latenciesMs.Count - errors;
        }

        if (errors > 0)
        {
            statuses["503"] = errors;
        }

        var encoded = Histograms.Encode(histogram);
        var errorTypes = errors > 0 ? new Dictionary<string, long>(StringComparer.Ordinal) { ["http_5xx"] = errors } : new Dictionary<string, long>(StringComparer.Ordinal);
        return new IntervalSnapshot(second, component, latenciesMs.Count, errors, 0, 0, 0, errorTypes, statuses, LatencyStats.From(histogram), LatencyStats.From(histogram), encoded, encoded);
    }

    /// <summary>One second with each component's latencies.</summary>
    public static IntervalReport Second(string scenario, long second, params (string Component, double[] LatenciesMs, int Errors)[] components)
    {
        var snapshots = components.Select(c => Snapshot(second, c.Component, c.LatenciesMs, c.Errors)).ToList();
        var total = Snapshot(second, null, [.. components.SelectMany(c => c.LatenciesMs)], components.Sum(c => c.Errors));
        return new IntervalReport(scenario, second, snapshots, total, 10, 3, new GeneratorSample(12.5, 0.2, 0.4), new ResourceSample(TimeSpan.FromSeconds(second + 1), 40, 50_000_000, true));
    }
}
