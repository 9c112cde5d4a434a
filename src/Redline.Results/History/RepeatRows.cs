using System.Data.Common;
using Redline.Engine;

namespace Redline.Results.History;

/// <summary>The repeats of a scenario that ran several times: written beside its rows, read back into its <see cref="ScenarioResult.Repeats"/>.</summary>
internal static class RepeatRows
{
    public const string Table = "repeat_summaries";

    private static readonly string[] Columns =
    [
        "run_id", "scenario", "repeat_number", "component", "ordinal", "started_at", "duration_ms", "verdict", "requests", "errors", "throughput_rps",
        .. StatsColumns.Names("lat_"), .. StatsColumns.Names("svc_"), "errors_by_type", "status_codes",
    ];

    public static Insert Open(DbConnection connection, DbTransaction transaction) => new(connection, transaction, Table, Columns);

    /// <summary>Writes each repeat's totals (component empty) and components.</summary>
    public static async Task WriteAsync(Insert insert, string runId, ScenarioResult scenario, CancellationToken cancellationToken)
    {
        foreach (var repeat in scenario.Repeats)
        {
            var rows = repeat.Components.Select((c, i) => (c.Name, Ordinal: (long)i, c.Measures)).Prepend(("", -1L, repeat.Totals));
            foreach (var (component, ordinal, measures) in rows)
            {
                await insert.Set("run_id", runId).Set("scenario", scenario.Name).Set("repeat_number", (long)repeat.Number).Set("component", component)
                    .Set("ordinal", ordinal).Set("started_at", Db.Millis(repeat.StartedAt)).Set("duration_ms", repeat.Duration.TotalMilliseconds)
                    .Set("verdict", ResultsJsonWriter.VerdictName(repeat.Verdict)).Set("requests", measures.Requests).Set("errors", measures.Errors)
                    .Set("throughput_rps", measures.ThroughputRps).SetStats("lat_", measures.Latency).SetStats("svc_", measures.ServiceTime)
                    .Set("errors_by_type", JsonColumns.Counts(measures.ErrorsByType)).Set("status_codes", JsonColumns.Counts(measures.StatusCodes))
                    .ExecuteAsync(cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Each scenario's repeats in order, keyed by scenario.</summary>
    public static async Task<Dictionary<string, List<ScenarioRepeat>>> ReadAsync(DbConnection connection, DbTransaction transaction, string runId, CancellationToken cancellationToken)
    {
        var select = $"SELECT scenario, repeat_number, component, started_at, duration_ms, verdict, requests, errors, throughput_rps, {string.Join(", ", StatsColumns.Names("lat_"))}, {string.Join(", ", StatsColumns.Names("svc_"))}, errors_by_type, status_codes FROM {Table} WHERE run_id = @id ORDER BY scenario, repeat_number, ordinal";
        var rows = new List<(string Scenario, long Repeat, string Component, DateTimeOffset StartedAt, double DurationMs, Verdict Verdict, Measures Measures)>();
        await using (var command = Db.Command(connection, transaction, select).With("@id", runId))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var measures = new Measures(
                    reader.Long(6),
                    reader.Long(7),
                    reader.DoubleOrNull(8) ?? 0,
                    StatsColumns.Read(reader, 9),
                    StatsColumns.Read(reader, 20),
                    LatencyStats.Empty,
                    LatencyStats.Empty,
                    JsonColumns.ReadCounts(reader.Text(31)),
                    JsonColumns.ReadCounts(reader.Text(32)),
                    0,
                    0,
                    0,
                    0);
                rows.Add((reader.Text(0), reader.Long(1), reader.Text(2), Db.Time(reader.Long(3)), reader.Double(4), RunInfoReader.ParseVerdict(reader.Text(5)), measures));
            }
        }

        return rows
            .GroupBy(r => r.Scenario, StringComparer.Ordinal)
            .ToDictionary(
                g => g.Key,
                g => g.GroupBy(r => r.Repeat).Select(repeat =>
                {
                    var totals = repeat.First(r => r.Component.Length == 0);
                    return new ScenarioRepeat(
                        (int)repeat.Key,
                        totals.StartedAt,
                        TimeSpan.FromMilliseconds(totals.DurationMs),
                        totals.Verdict,
                        totals.Measures,
                        [.. repeat.Where(r => r.Component.Length > 0).Select(r => new ComponentResult(r.Component, r.Measures, []))]);
                }).ToList(),
                StringComparer.Ordinal);
    }
}
