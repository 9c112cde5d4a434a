namespace Redline.Engine;

/// <summary>
/// Every metric Redline measures, in one list: criteria accept these names, comparisons judge the
/// <see cref="MetricDefinition.Compared"/> ones, trends follow the <see cref="MetricDefinition.Trended"/>
/// ones, and exporters read them all. A new metric is one entry here.
/// </summary>
public static class MetricCatalog
{
    private static readonly string[] LatencyStatistics = ["min", "mean", "p50", "p75", "p90", "p95", "p99", "p999", "max"];

    private static readonly string[] JudgedPercentiles = ["p50", "p95", "p99"];

    /// <summary>p95 latency, the headline of every report.</summary>
    public static MetricDefinition ResponseTimeP95 => Get("response_time_p95");

    /// <summary>Requests per second.</summary>
    public static MetricDefinition Throughput => Get("throughput");

    /// <summary>Every metric, in the order reports list them.</summary>
    public static IReadOnlyList<MetricDefinition> All { get; } = Build();

    private static readonly Dictionary<string, MetricDefinition> ByName = All.ToDictionary(m => m.Name, StringComparer.Ordinal);

    /// <summary>The metric called <paramref name="name"/>, or null.</summary>
    public static MetricDefinition? Find(string name) => ByName.GetValueOrDefault(name);

    /// <summary>The metric called <paramref name="name"/>; throws for a name not in the catalog (a programming error).</summary>
    public static MetricDefinition Get(string name) =>
        Find(name) ?? throw new ArgumentException($"'{name}' is not in the metric catalog.", nameof(name));

    private static List<MetricDefinition> Build()
    {
        var all = new List<MetricDefinition>();
        foreach (var stat in LatencyStatistics)
        {
            var judged = JudgedPercentiles.Contains(stat);
            all.Add(new($"response_time_{stat}", MetricUnit.Milliseconds, "ms", MetricDirection.HigherIsWorse, MetricScope.Component, MetricKind.ResponseTime, $"Response time {stat}, timed from the intended start")
            {
                FromMeasures = m => m.Latency.Count == 0 ? null : m.Latency.Get(stat),
                Statistic = stat,
                Compared = judged,
                Trended = judged,
            });
        }

        all.Add(Count("throughput", MetricUnit.PerSecond, "req/s", MetricDirection.LowerIsWorse, MetricKind.Throughput, "Requests completed per second", m => m.ThroughputRps) with { Compared = true, Trended = true });
        all.Add(Count("error_rate", MetricUnit.Percent, "%", MetricDirection.HigherIsWorse, MetricKind.ErrorRate, "Failed requests, percent of all", m => m.ErrorRatePercent) with { Compared = true, Trended = true });
        foreach (var stat in LatencyStatistics)
        {
            all.Add(new($"service_time_{stat}", MetricUnit.Milliseconds, "ms", MetricDirection.HigherIsWorse, MetricScope.Component, MetricKind.Other, $"Service time {stat}, timed from the actual send")
            {
                FromMeasures = m => m.ServiceTime.Count == 0 ? null : m.ServiceTime.Get(stat),
                Statistic = stat,
            });
        }

        all.Add(Count("requests", MetricUnit.Count, "", MetricDirection.LowerIsWorse, MetricKind.Other, "Requests completed", m => m.Requests));
        all.Add(Count("errors", MetricUnit.Count, "", MetricDirection.HigherIsWorse, MetricKind.Other, "Requests that failed", m => m.Errors));
        all.Add(Count("dropped_iterations", MetricUnit.Count, "", MetricDirection.HigherIsWorse, MetricKind.Other, "Iterations an open model could not start", m => m.DroppedIterations));
        all.Add(Count("late_iterations", MetricUnit.Count, "", MetricDirection.HigherIsWorse, MetricKind.Other, "Iterations that started behind their schedule", m => m.LateIterations));
        all.Add(Count("interrupted_iterations", MetricUnit.Count, "", MetricDirection.HigherIsWorse, MetricKind.Other, "Iterations cut short by the end of the scenario", m => m.InterruptedIterations));

        all.Add(Resource("cpu_usage", MetricUnit.Percent, "%", MetricKind.Cpu, "The target's CPU use, percent of the machine", f => f.Target?.CpuUsagePercent) with { Compared = true });
        all.Add(Resource("memory_usage", MetricUnit.Bytes, "MB", MetricKind.Memory, "The target's peak resident memory", f => f.Target?.MemoryPeakBytes) with { Compared = true, DisplayScale = 1.0 / (1024 * 1024) });
        all.Add(Resource("gc_pause_p99", MetricUnit.Milliseconds, "ms", MetricKind.Other, "The target runtime's GC pause p99", f => f.Resources?.TargetGcPauses?.P99Ms));
        all.Add(Resource("heap_growth", MetricUnit.BytesPerHour, "bytes/h", MetricKind.Other, "The trend of the target's managed heap after each collection", f => f.Resources?.HeapGrowthBytesPerHour));
        all.Add(Resource("thread_pool_queue", MetricUnit.Count, "", MetricKind.Other, "The longest queue of the target's thread pool", f => f.Resources?.Summary("target.runtime.thread_pool_queue")?.Max));
        all.Add(new("recovery_time", MetricUnit.Milliseconds, "ms", MetricDirection.HigherIsWorse, MetricScope.Scenario, MetricKind.Other, "Time from the drop after a break (or the end of an error burst) back to normal")
        {
            FromResources = f => f.Stress?.Recovery is { } recovery ? recovery.RecoveryTimeSeconds * 1000
                : f.Stress is { Break: not null } ? null
                : f.Chaos.Count > 0 ? f.FaultRecoverySeconds * 1000
                : f.Business is { } business ? (business.RecoveryTimeSeconds ?? 0) * 1000 : null,
        });
        all.Add(new("cascading_failures", MetricUnit.Count, "", MetricDirection.HigherIsWorse, MetricScope.Scenario, MetricKind.Other, "Components that went past what a fault allowed them (no_cascading_failures: true is cascading_failures < 1)")
        {
            FromResources = f => f.Cascaded?.Count,
        });
        return all;
    }

    private static MetricDefinition Count(string name, MetricUnit unit, string symbol, MetricDirection direction, MetricKind kind, string description, Func<Measures, double> read) =>
        new(name, unit, symbol, direction, MetricScope.Component, kind, description) { FromMeasures = m => read(m) };

    private static MetricDefinition Resource(string name, MetricUnit unit, string symbol, MetricKind kind, string description, Func<ResourceFigures, double?> read) =>
        new(name, unit, symbol, MetricDirection.HigherIsWorse, MetricScope.Resource, kind, description) { FromResources = read };
}
