using Redline.Engine;

namespace Redline.Alerts.Tests;

/// <summary>Seconds as the engine hands them to sinks, with a chosen error rate and p95.</summary>
internal static class Seconds
{
    public static ScenarioStart Start(string scenario = "s") =>
        new(scenario, "open", new DateTimeOffset(2026, 12, 4, 12, 0, 0, TimeSpan.Zero), TimeSpan.FromSeconds(60), ["home"])
        {
            Run = new RunIdentity("run-7", "suite-a", new DateTimeOffset(2026, 12, 4, 12, 0, 0, TimeSpan.Zero), new EnvironmentInfo("test", "linux", "x64", "cpu", 2, 1L << 34, ".NET", "workstation", "f", null, null, null)),
        };

    /// <summary>One second of 100 requests, <paramref name="errorPercent"/> of them failed, each taking <paramref name="latencyMs"/>.</summary>
    public static IntervalReport Of(long second, double errorPercent, double latencyMs = 10, string scenario = "s")
    {
        var histogram = Histograms.Create();
        for (var i = 0; i < 100; i++)
        {
            Histograms.RecordMicros(histogram, (long)(latencyMs * 1000));
        }

        var errors = (long)Math.Round(errorPercent);
        var encoded = Histograms.Encode(histogram);
        var empty = new Dictionary<string, long>(StringComparer.Ordinal);
        var snapshot = new IntervalSnapshot(second, "home", 100, errors, 0, 0, 0, empty, empty, LatencyStats.From(histogram), LatencyStats.From(histogram), encoded, encoded);
        return new IntervalReport(scenario, second, [snapshot], snapshot with { Component = null }, 100, 1, new GeneratorSample(5, 0.1, 0.2), new ResourceSample(TimeSpan.FromSeconds(second + 1), 150, 80L << 20, true));
    }

    public static ScenarioResult Result(string scenario = "s") =>
        new(scenario, "open", null, DateTimeOffset.UnixEpoch, TimeSpan.FromSeconds(10), Verdict.Passed, null,
            new Measures(0, 0, 0, LatencyStats.Empty, LatencyStats.Empty, LatencyStats.Empty, LatencyStats.Empty, new Dictionary<string, long>(), new Dictionary<string, long>(), 0, 0, 0, 0),
            [], [], new GeneratorReport(0, 0, 0, 0, false, []), null, []);

    public static ScenarioEnd End => new(TimeSpan.FromSeconds(10), null, false, null, []);
}
