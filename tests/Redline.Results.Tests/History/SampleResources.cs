using Redline.Engine;

namespace Redline.Results.Tests.History;

/// <summary>Resource reports and error-burst timelines to store alongside <see cref="SampleRuns"/>.</summary>
internal static class SampleResources
{
    /// <summary>
    /// A measured report over <paramref name="seconds"/> samples: a series with gaps, one that starts
    /// late, one never read, values that are not short decimals, unavailable families, both GC pause
    /// summaries (the generator's all zeros) and a target that exited.
    /// </summary>
    public static ResourceReport Measured(int seconds = 12)
    {
        var times = Enumerable.Range(0, seconds).Select(s => s + 0.998 + (s % 3 * 0.001)).ToList();
        return new ResourceReport(
            Supported: true,
            TargetPid: 4242,
            TargetExitedAtSeconds: seconds - 0.5,
            Unavailable: new SortedDictionary<string, string>(StringComparer.Ordinal)
            {
                ["target.disk"] = "permission denied reading /proc/4242/io",
                ["system.gpu"] = "no GPU found",
            },
            Seconds: times,
            Series:
            [
                new ResourceSeries("target.cpu_percent", "%", Values(seconds, s => s is 3 or 7 ? null : 10 + (s * 1.25))),
                new ResourceSeries("target.rss_bytes", "bytes", Values(seconds, s => 123_456_789 + (s * 4096.0))),
                new ResourceSeries("target.runtime.thread_pool_threads", "threads", Values(seconds, s => s < 4 ? null : 8 + (s % 5))),
                new ResourceSeries("target.runtime.thread_pool_queue", "items", Values(seconds, _ => null)),
                new ResourceSeries("system.cpu_percent", "%", Values(seconds, s => (0.1 * s) + 0.2 + (1.0 / 3))),
                new ResourceSeries("generator.runtime.heap_bytes", "bytes", Values(seconds, s => s == seconds - 1 ? null : 1e-7 + (s * 2.5e9))),
            ],
            TargetGcPauses: GcPauseSummary.From([1.2345, 0.5, 3.25, 12.0625]),
            GeneratorGcPauses: GcPauseSummary.From([]),
            HeapGrowthBytesPerHour: 1_234_567.891)
        {
            TargetRuntimePid = 4243,
        };
    }

    /// <summary>A report whose heap trend could not be measured, with the reason.</summary>
    public static ResourceReport WithoutHeapTrend(int seconds = 12) => Measured(seconds) with
    {
        HeapGrowthBytesPerHour = null,
        HeapGrowthNote = "not measured: 3 seconds ended a collection",
    };

    /// <summary>What a platform without the sources reports: no series, nothing read.</summary>
    public static ResourceReport Unsupported() => new(
        false,
        null,
        null,
        new SortedDictionary<string, string>(StringComparer.Ordinal) { ["target"] = "no /proc on this platform" },
        [],
        [],
        null,
        null,
        null);

    /// <summary>
    /// <paramref name="scenario"/> with errors in seconds 2-3 (recovered after five clean seconds),
    /// in second 10 and again in 14 (one burst, not recovered by the end) and a varying queue depth.
    /// </summary>
    public static ScenarioResult WithErrorBursts(ScenarioResult scenario)
    {
        var timeline = scenario.Timeline.Select(point =>
        {
            long errors = point.Second is 2 or 3 or 10 or 14 ? 3 + point.Second : 0;
            var total = point.Total with
            {
                Errors = errors,
                ErrorsByType = errors > 0 ? new SortedDictionary<string, long> { ["http_5xx"] = errors } : new SortedDictionary<string, long>(),
            };
            return point with { Total = total, InFlight = (int)(point.Second * 7 % 11) };
        }).ToList();
        return scenario with { Timeline = timeline };
    }

    /// <summary>A copy of <paramref name="scenario"/> with its business report computed as the engine does.</summary>
    public static ScenarioResult WithBusiness(ScenarioResult scenario) =>
        scenario with { Business = BusinessReport.From(scenario.Totals, scenario.Timeline, scenario.Resources) };

    private static List<double?> Values(int count, Func<int, double?> value) => [.. Enumerable.Range(0, count).Select(value)];
}
