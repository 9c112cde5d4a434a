using System.Data.Common;
using Redline.Engine;

namespace Redline.Results.History;

/// <summary>Reads run headers with their labels and summaries.</summary>
internal static class RunInfoReader
{
    private const string RunSelect =
        "SELECT r.id, r.suite, r.started_at, r.ended_at, r.verdict, r.git_commit, r.git_branch, r.git_dirty, r.fingerprint, r.machine_name, r.os, r.architecture, r.cpu_model, r.cores, r.memory_bytes, r.runtime, r.gc_mode, r.stored_at, r.intervals_pruned_at FROM runs r";

    private static readonly string SummarySelect =
        $"SELECT run_id, scenario, component, requests, errors, throughput_rps, late, dropped, interrupted, max_start_lag_ms, {string.Join(", ", StatsColumns.Names("lat_"))}, {string.Join(", ", StatsColumns.Names("svc_"))}, connect, time_to_first_byte, errors_by_type, status_codes, error_samples FROM summaries";

    // Ids per IN (...) list: well under SQLite's and PostgreSQL's parameter limits.
    private const int Chunk = 500;

    /// <summary>A summary row with the component's error samples, which only a full load needs.</summary>
    public sealed record SummaryRow(StoredSummary Summary, IReadOnlyList<string> ErrorSamples);

    /// <summary>Runs selected by <paramref name="filter"/> (a WHERE/ORDER/LIMIT tail over <c>runs r</c>) with labels and summaries, in the filter's order.</summary>
    public static async Task<(IReadOnlyList<RunInfo> Runs, IReadOnlyDictionary<string, List<SummaryRow>> Rows)> ReadAsync(
        DbConnection connection, DbTransaction? transaction, string filter, Action<DbCommand> bind, CancellationToken cancellationToken)
    {
        var headers = new List<RunHeader>();
        await using (var command = Db.Command(connection, transaction, $"{RunSelect} {filter}"))
        {
            bind(command);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                headers.Add(ReadHeader(reader));
            }
        }

        var labels = new Dictionary<string, SortedDictionary<string, string>>(StringComparer.Ordinal);
        var summaries = new Dictionary<string, List<SummaryRow>>(StringComparer.Ordinal);
        foreach (var chunk in headers.Select(h => h.Id).Chunk(Chunk))
        {
            await ReadLabelsAsync(connection, transaction, chunk, labels, cancellationToken).ConfigureAwait(false);
            await ReadSummariesAsync(connection, transaction, chunk, summaries, cancellationToken).ConfigureAwait(false);
        }

        var runs = headers.Select(h => new RunInfo(
            h.Id, h.Suite, h.StartedAt, h.EndedAt, h.Verdict, h.Environment,
            labels.TryGetValue(h.Id, out var l) ? l : new SortedDictionary<string, string>(StringComparer.Ordinal),
            summaries.TryGetValue(h.Id, out var s) ? [.. s.Select(r => r.Summary)] : [],
            h.StoredAt, h.IntervalsPrunedAt)).ToList();
        return (runs, summaries);
    }

    public static Verdict ParseVerdict(string verdict) => verdict switch
    {
        "passed" => Verdict.Passed,
        "failed" => Verdict.Failed,
        _ => Verdict.Aborted,
    };

    private static RunHeader ReadHeader(DbDataReader r)
    {
        var environment = new EnvironmentInfo(
            MachineName: r.Text(9),
            Os: r.Text(10),
            Architecture: r.Text(11),
            CpuModel: r.Text(12),
            Cores: (int)r.Long(13),
            MemoryBytes: r.Long(14),
            Runtime: r.Text(15),
            GcMode: r.Text(16),
            Fingerprint: r.Text(8),
            GitCommit: r.TextOrNull(5),
            GitBranch: r.TextOrNull(6),
            GitDirty: r.BoolOrNull(7));
        var pruned = r.LongOrNull(18);
        return new RunHeader(r.Text(0), r.Text(1), Db.Time(r.Long(2)), Db.Time(r.Long(3)), ParseVerdict(r.Text(4)), environment, Db.Time(r.Long(17)), pruned is { } p ? Db.Time(p) : null);
    }

    private static async Task ReadLabelsAsync(DbConnection connection, DbTransaction? transaction, string[] ids, Dictionary<string, SortedDictionary<string, string>> into, CancellationToken cancellationToken)
    {
        await using var command = Db.Command(connection, transaction, "");
        command.CommandText = $"SELECT run_id, name, value FROM run_labels WHERE run_id IN ({Db.InList(command, "id", ids)})";
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var id = reader.Text(0);
            if (!into.TryGetValue(id, out var labels))
            {
                into[id] = labels = new SortedDictionary<string, string>(StringComparer.Ordinal);
            }

            labels[reader.Text(1)] = reader.Text(2);
        }
    }

    private static async Task ReadSummariesAsync(DbConnection connection, DbTransaction? transaction, string[] ids, Dictionary<string, List<SummaryRow>> into, CancellationToken cancellationToken)
    {
        await using var command = Db.Command(connection, transaction, "");
        command.CommandText = $"{SummarySelect} WHERE run_id IN ({Db.InList(command, "id", ids)}) ORDER BY run_id, scenario_ordinal, component_ordinal";
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var id = reader.Text(0);
            if (!into.TryGetValue(id, out var rows))
            {
                into[id] = rows = [];
            }

            var component = reader.Text(2);
            var measures = new Measures(
                Requests: reader.Long(3),
                Errors: reader.Long(4),
                ThroughputRps: reader.Double(5),
                Latency: StatsColumns.Read(reader, 10),
                ServiceTime: StatsColumns.Read(reader, 21),
                Connect: JsonColumns.ReadStats(reader.Text(32)),
                TimeToFirstByte: JsonColumns.ReadStats(reader.Text(33)),
                ErrorsByType: JsonColumns.ReadCounts(reader.Text(34)),
                StatusCodes: JsonColumns.ReadCounts(reader.Text(35)),
                LateIterations: reader.Long(6),
                DroppedIterations: reader.Long(7),
                InterruptedIterations: reader.Long(8),
                MaxStartLagMs: reader.Double(9));
            rows.Add(new SummaryRow(new StoredSummary(reader.Text(1), component.Length == 0 ? null : component, measures), JsonColumns.ReadStrings(reader.Text(36))));
        }
    }

    private sealed record RunHeader(string Id, string Suite, DateTimeOffset StartedAt, DateTimeOffset EndedAt, Verdict Verdict, EnvironmentInfo Environment, DateTimeOffset StoredAt, DateTimeOffset? IntervalsPrunedAt);
}
