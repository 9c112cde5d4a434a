using System.Data.Common;
using Redline.Engine;

namespace Redline.Results.History;

/// <summary>The steps of multi-step components: written beside their component's rows, read back into its <see cref="ComponentResult.Steps"/> and its seconds' <see cref="IntervalSnapshot.Steps"/>.</summary>
internal sealed class StepRows : IAsyncDisposable
{
    public const string SummaryTable = "step_summaries";
    public const string IntervalTable = "step_intervals";

    /// <summary>The tables that hold a run's steps.</summary>
    public static readonly string[] Tables = [SummaryTable, IntervalTable];

    private static readonly string[] SummaryColumns =
    [
        "run_id", "scenario", "component", "step", "ordinal", "requests", "errors", "skipped", "throughput_rps",
        .. StatsColumns.Names("lat_"), .. StatsColumns.Names("svc_"),
        "connect", "time_to_first_byte", "errors_by_type", "status_codes", "error_samples",
    ];

    private static readonly string[] IntervalColumns =
    [
        "run_id", "scenario", "component", "step", "second", "ordinal", "requests", "errors", "skipped", "errors_by_type", "status_codes",
        .. StatsColumns.Names("lat_"), .. StatsColumns.Names("svc_"), "latency_histogram", "service_histogram",
    ];

    private readonly Insert _summaries;
    private readonly Insert _intervals;

    public StepRows(DbConnection connection, DbTransaction transaction)
    {
        _summaries = new Insert(connection, transaction, SummaryTable, SummaryColumns);
        _intervals = new Insert(connection, transaction, IntervalTable, IntervalColumns);
    }

    /// <summary>Writes the steps of every component of <paramref name="scenario"/> that has any, whole-run and per second.</summary>
    public async Task WriteAsync(string runId, ScenarioResult scenario, CancellationToken cancellationToken)
    {
        foreach (var component in scenario.Components)
        {
            for (var i = 0; i < component.Steps.Count; i++)
            {
                var step = component.Steps[i];
                var measures = step.Measures;
                await _summaries.Set("run_id", runId).Set("scenario", scenario.Name).Set("component", component.Name).Set("step", step.Name)
                    .Set("ordinal", (long)i).Set("requests", measures.Requests).Set("errors", measures.Errors).Set("skipped", step.Skipped)
                    .Set("throughput_rps", measures.ThroughputRps)
                    .SetStats("lat_", measures.Latency).SetStats("svc_", measures.ServiceTime)
                    .Set("connect", JsonColumns.Stats(measures.Connect)).Set("time_to_first_byte", JsonColumns.Stats(measures.TimeToFirstByte))
                    .Set("errors_by_type", JsonColumns.Counts(measures.ErrorsByType)).Set("status_codes", JsonColumns.Counts(measures.StatusCodes))
                    .Set("error_samples", JsonColumns.Strings(step.ErrorSamples))
                    .ExecuteAsync(cancellationToken).ConfigureAwait(false);
            }
        }

        foreach (var point in scenario.Timeline)
        {
            foreach (var component in point.Components.Where(c => c.Steps.Count > 0))
            {
                for (var i = 0; i < component.Steps.Count; i++)
                {
                    var step = component.Steps[i];
                    await _intervals.Set("run_id", runId).Set("scenario", scenario.Name).Set("component", component.Component ?? "")
                        .Set("step", step.Component ?? "").Set("second", point.Second).Set("ordinal", (long)i)
                        .Set("requests", step.Requests).Set("errors", step.Errors).Set("skipped", step.Skipped)
                        .Set("errors_by_type", JsonColumns.Counts(step.ErrorsByType)).Set("status_codes", JsonColumns.Counts(step.StatusCodes))
                        .SetStats("lat_", step.Latency).SetStats("svc_", step.ServiceTime)
                        .Set("latency_histogram", HistogramBlobs.FromEngine(step.LatencyHistogram))
                        .Set("service_histogram", HistogramBlobs.FromEngine(step.ServiceHistogram))
                        .ExecuteAsync(cancellationToken).ConfigureAwait(false);
                }
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _summaries.DisposeAsync().ConfigureAwait(false);
        await _intervals.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>Each component's steps in order, keyed by scenario and component.</summary>
    public static async Task<Dictionary<(string Scenario, string Component), List<StepResult>>> ReadSummariesAsync(DbConnection connection, DbTransaction transaction, string runId, CancellationToken cancellationToken)
    {
        var select = $"SELECT scenario, component, step, requests, errors, skipped, throughput_rps, {string.Join(", ", StatsColumns.Names("lat_"))}, {string.Join(", ", StatsColumns.Names("svc_"))}, connect, time_to_first_byte, errors_by_type, status_codes, error_samples FROM {SummaryTable} WHERE run_id = @id ORDER BY scenario, component, ordinal";
        var steps = new Dictionary<(string, string), List<StepResult>>();
        await using var command = Db.Command(connection, transaction, select).With("@id", runId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var measures = new Measures(
                reader.Long(3),
                reader.Long(4),
                reader.DoubleOrNull(6) ?? 0,
                StatsColumns.Read(reader, 7),
                StatsColumns.Read(reader, 18),
                JsonColumns.ReadStats(reader.Text(29)),
                JsonColumns.ReadStats(reader.Text(30)),
                JsonColumns.ReadCounts(reader.Text(31)),
                JsonColumns.ReadCounts(reader.Text(32)),
                0,
                0,
                0,
                0);
            Add(steps, (reader.Text(0), reader.Text(1)), new StepResult(reader.Text(2), measures, reader.Long(5), JsonColumns.ReadStrings(reader.Text(33))));
        }

        return steps;
    }

    /// <summary>Each component's step snapshots of each second, in order, keyed by scenario, second and component.</summary>
    public static async Task<Dictionary<(string Scenario, long Second, string Component), List<IntervalSnapshot>>> ReadIntervalsAsync(DbConnection connection, DbTransaction transaction, string runId, CancellationToken cancellationToken)
    {
        var select = $"SELECT scenario, component, step, second, requests, errors, skipped, errors_by_type, status_codes, {string.Join(", ", StatsColumns.Names("lat_"))}, {string.Join(", ", StatsColumns.Names("svc_"))}, latency_histogram, service_histogram FROM {IntervalTable} WHERE run_id = @id ORDER BY scenario, second, component, ordinal";
        var steps = new Dictionary<(string, long, string), List<IntervalSnapshot>>();
        await using var command = Db.Command(connection, transaction, select).With("@id", runId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var second = reader.Long(3);
            var snapshot = new IntervalSnapshot(
                second,
                reader.Text(2),
                Requests: reader.Long(4),
                Errors: reader.Long(5),
                Dropped: 0,
                Late: 0,
                Interrupted: 0,
                ErrorsByType: JsonColumns.ReadCounts(reader.Text(7)),
                StatusCodes: JsonColumns.ReadCounts(reader.Text(8)),
                Latency: StatsColumns.Read(reader, 9),
                ServiceTime: StatsColumns.Read(reader, 20),
                LatencyHistogram: HistogramBlobs.ToEngine(reader.Bytes(31)),
                ServiceHistogram: HistogramBlobs.ToEngine(reader.Bytes(32)))
            {
                Skipped = reader.Long(6),
            };
            Add(steps, (reader.Text(0), second, reader.Text(1)), snapshot);
        }

        return steps;
    }

    private static void Add<TKey, TValue>(Dictionary<TKey, List<TValue>> lists, TKey key, TValue value)
        where TKey : notnull
    {
        if (!lists.TryGetValue(key, out var list))
        {
            lists[key] = list = [];
        }

        list.Add(value);
    }
}
