using System.Data.Common;
using Redline.Engine;

namespace Redline.Results.History;

/// <summary>
/// Writes one timeline point as rows of <c>intervals</c>: the scenario-wide row (component <c>''</c>)
/// carries the second's load, generator and target sample; each component has its own row.
/// </summary>
internal sealed class IntervalInsert : IAsyncDisposable
{
    public static readonly string[] Columns =
    [
        "run_id", "scenario", "component", "second", "at", "requests", "errors", "dropped", "late", "interrupted", "errors_by_type", "status_codes",
        .. StatsColumns.Names("lat_"), .. StatsColumns.Names("svc_"),
        "latency_histogram", "service_histogram",
        "load", "in_flight", "generator_cpu_percent", "generator_lag_p99_ms", "generator_lag_max_ms", "generator_cpu_measured",
        "target_elapsed_ms", "target_cpu_percent", "target_rss_bytes", "target_alive",
    ];

    private readonly Insert _insert;

    public IntervalInsert(DbConnection connection, DbTransaction transaction) => _insert = new Insert(connection, transaction, "intervals", Columns);

    /// <summary>The wall-clock start of a scenario's second, which is what rollups bucket by.</summary>
    public static long At(ScenarioResult scenario, long second) => Db.Millis(scenario.StartedAt) + (second * 1000);

    public async Task WriteAsync(string runId, ScenarioResult scenario, TimelinePoint point, CancellationToken cancellationToken)
    {
        var at = At(scenario, point.Second);
        Row(runId, scenario.Name, "", point.Second, at, point.Total)
            .Set("load", point.Load).Set("in_flight", (long)point.InFlight)
            .Set("generator_cpu_percent", point.Generator.CpuPercent).Set("generator_lag_p99_ms", point.Generator.ScheduleLagP99Ms)
            .Set("generator_lag_max_ms", point.Generator.ScheduleLagMaxMs).Set("generator_cpu_measured", Db.Flag(point.Generator.CpuMeasured));
        if (point.Target is { } target)
        {
            _insert.Set("target_elapsed_ms", target.Elapsed.TotalMilliseconds).Set("target_cpu_percent", target.CpuPercent)
                .Set("target_rss_bytes", target.RssBytes).Set("target_alive", Db.Flag(target.Alive));
        }

        await _insert.ExecuteAsync(cancellationToken).ConfigureAwait(false);
        foreach (var component in point.Components)
        {
            await Row(runId, scenario.Name, component.Component ?? "", point.Second, at, component).ExecuteAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public ValueTask DisposeAsync() => _insert.DisposeAsync();

    private Insert Row(string runId, string scenario, string component, long second, long at, IntervalSnapshot snapshot) =>
        _insert.Set("run_id", runId).Set("scenario", scenario).Set("component", component).Set("second", second).Set("at", at)
            .Set("requests", snapshot.Requests).Set("errors", snapshot.Errors).Set("dropped", snapshot.Dropped)
            .Set("late", snapshot.Late).Set("interrupted", snapshot.Interrupted)
            .Set("errors_by_type", JsonColumns.Counts(snapshot.ErrorsByType)).Set("status_codes", JsonColumns.Counts(snapshot.StatusCodes))
            .SetStats("lat_", snapshot.Latency).SetStats("svc_", snapshot.ServiceTime)
            .Set("latency_histogram", HistogramBlobs.FromEngine(snapshot.LatencyHistogram))
            .Set("service_histogram", HistogramBlobs.FromEngine(snapshot.ServiceHistogram));
}
