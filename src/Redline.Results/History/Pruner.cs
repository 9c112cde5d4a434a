using System.Data.Common;

namespace Redline.Results.History;

/// <summary>
/// Applies a <see cref="RetentionPolicy"/>: raw intervals into hourly buckets, hourly into daily,
/// daily out. Each step is one transaction per run (raw) or per tier, so a pass interrupted at any
/// point leaves every count either still raw or already in its bucket, never both or neither.
/// </summary>
internal static class Pruner
{
    private const string IntervalSelect =
        "SELECT scenario, component, at, requests, errors, dropped, late, interrupted, errors_by_type, status_codes, latency_histogram, service_histogram FROM intervals WHERE run_id = @id";

    public static async Task<PruneResult> PruneAsync(SqlDialect dialect, RetentionPolicy policy, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(policy);
        if (policy.RawIntervals < TimeSpan.Zero || policy.HourlyRollups < TimeSpan.Zero || policy.DailyRollups < TimeSpan.Zero)
        {
            throw new ArgumentException("Retention periods cannot be negative.", nameof(policy));
        }

        var runs = await ExpiredRunsAsync(dialect, Db.Millis(now - policy.RawIntervals), cancellationToken).ConfigureAwait(false);
        var intervals = 0;
        var rolled = 0;
        foreach (var run in runs)
        {
            var count = await RollUpRunAsync(dialect, run, now, cancellationToken).ConfigureAwait(false);
            if (count >= 0)
            {
                rolled++;
                intervals += count;
            }
        }

        var hourly = await RollUpHoursAsync(dialect, Db.Millis(now - policy.HourlyRollups), cancellationToken).ConfigureAwait(false);
        var daily = await DeleteDaysAsync(dialect, Db.Millis(now - policy.DailyRollups), cancellationToken).ConfigureAwait(false);
        return new PruneResult(rolled, intervals, hourly, daily);
    }

    private static async Task<List<(string Id, RollupKey Key)>> ExpiredRunsAsync(SqlDialect dialect, long cutoff, CancellationToken cancellationToken)
    {
        var runs = new List<(string, RollupKey)>();
        await using var connection = await dialect.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Db.Command(connection, null, "SELECT id, suite, fingerprint, git_branch FROM runs WHERE intervals_pruned_at IS NULL AND ended_at <= @cutoff ORDER BY started_at").With("@cutoff", cutoff);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            runs.Add((reader.Text(0), new RollupKey(reader.Text(1), "", "", reader.Text(2), reader.TextOrNull(3) ?? "")));
        }

        return runs;
    }

    /// <summary>Rolls one run's intervals into hourly buckets; the number of intervals, or -1 when another pass got there first.</summary>
    private static async Task<int> RollUpRunAsync(SqlDialect dialect, (string Id, RollupKey Key) run, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await dialect.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await BeginExclusiveAsync(dialect, connection, cancellationToken).ConfigureAwait(false);
        var pending = await Db.ScalarAsync(connection, transaction, "SELECT COUNT(*) FROM runs WHERE id = @id AND intervals_pruned_at IS NULL", cancellationToken, ("@id", run.Id)).ConfigureAwait(false);
        if (Convert.ToInt64(pending, System.Globalization.CultureInfo.InvariantCulture) == 0)
        {
            return -1;
        }

        var rows = new List<RollupRow>();
        await using (var command = Db.Command(connection, transaction, IntervalSelect).With("@id", run.Id))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                // One interval is one second; its columns line up with a bucket's from "requests" on.
                rows.Add(new RollupRow(
                    reader.Text(0), reader.Text(1), RollupTable.Floor(reader.Long(2), RollupTable.HourMillis), 1,
                    reader.Long(3), reader.Long(4), reader.Long(5), reader.Long(6), reader.Long(7),
                    reader.Text(8), reader.Text(9), reader.Bytes(10), reader.Bytes(11)));
            }
        }

        foreach (var bucket in rows.GroupBy(r => (r.Scenario, r.Component, r.Start)))
        {
            var key = run.Key with { Scenario = bucket.Key.Scenario, Component = bucket.Key.Component };
            await RollupTable.MergeAsync(connection, transaction, key, RollupGranularity.Hour, bucket.Key.Start, bucket, cancellationToken).ConfigureAwait(false);
        }

        await Db.ExecuteAsync(connection, transaction, "DELETE FROM intervals WHERE run_id = @id", cancellationToken, ("@id", run.Id)).ConfigureAwait(false);
        await Db.ExecuteAsync(connection, transaction, $"DELETE FROM {StepRows.IntervalTable} WHERE run_id = @id", cancellationToken, ("@id", run.Id)).ConfigureAwait(false);

        // The target's samples and the resource series' per-second values go with the intervals; the
        // scenario row keeps the target's mean and peak, and the resource reports their summaries,
        // GC pauses and heap trend, which runs are compared on.
        await Db.ExecuteAsync(connection, transaction, "DELETE FROM resources WHERE run_id = @id", cancellationToken, ("@id", run.Id)).ConfigureAwait(false);
        await Db.ExecuteAsync(connection, transaction, "UPDATE resource_reports SET sample_seconds = '[]' WHERE run_id = @id", cancellationToken, ("@id", run.Id)).ConfigureAwait(false);
        await Db.ExecuteAsync(connection, transaction, "UPDATE resource_series SET sample_values = '[]' WHERE run_id = @id", cancellationToken, ("@id", run.Id)).ConfigureAwait(false);

        await Db.ExecuteAsync(connection, transaction, "UPDATE runs SET intervals_pruned_at = @now WHERE id = @id", cancellationToken, ("@now", Db.Millis(now)), ("@id", run.Id)).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return rows.Count;
    }

    private static async Task<int> RollUpHoursAsync(SqlDialect dialect, long cutoff, CancellationToken cancellationToken)
    {
        await using var connection = await dialect.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await BeginExclusiveAsync(dialect, connection, cancellationToken).ConfigureAwait(false);

        // A bucket is past its horizon when all of it is: its end, not its start, is before the cutoff.
        const string Expired = "granularity = 'hour' AND bucket_start + 3600000 <= @cutoff";
        var rows = new List<(RollupKey Key, RollupRow Row)>();
        await using (var command = Db.Command(connection, transaction, $"SELECT suite, scenario, component, fingerprint, branch, bucket_start, seconds, requests, errors, dropped, late, interrupted, errors_by_type, status_codes, latency_histogram, service_histogram FROM rollups WHERE {Expired}").With("@cutoff", cutoff))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var key = new RollupKey(reader.Text(0), reader.Text(1), reader.Text(2), reader.Text(3), reader.Text(4));
                rows.Add((key, RollupTable.ReadRow(reader, 6, key.Scenario, key.Component, RollupTable.Floor(reader.Long(5), RollupTable.DayMillis))));
            }
        }

        foreach (var day in rows.GroupBy(r => (r.Key, r.Row.Start)))
        {
            await RollupTable.MergeAsync(connection, transaction, day.Key.Key, RollupGranularity.Day, day.Key.Start, day.Select(d => d.Row), cancellationToken).ConfigureAwait(false);
        }

        await Db.ExecuteAsync(connection, transaction, $"DELETE FROM rollups WHERE {Expired}", cancellationToken, ("@cutoff", cutoff)).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return rows.Count;
    }

    private static async Task<int> DeleteDaysAsync(SqlDialect dialect, long cutoff, CancellationToken cancellationToken)
    {
        await using var connection = await dialect.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await BeginExclusiveAsync(dialect, connection, cancellationToken).ConfigureAwait(false);
        var deleted = await Db.ExecuteAsync(connection, transaction, "DELETE FROM rollups WHERE granularity = 'day' AND bucket_start + 86400000 <= @cutoff", cancellationToken, ("@cutoff", cutoff)).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return deleted;
    }

    // Two pruners merging into the same bucket would each read it before the other wrote it.
    private static async Task<DbTransaction> BeginExclusiveAsync(SqlDialect dialect, DbConnection connection, CancellationToken cancellationToken)
    {
        var transaction = await dialect.BeginWriteAsync(connection, cancellationToken).ConfigureAwait(false);
        if (dialect.ExclusiveLockSql is { } exclusive)
        {
            await Db.ExecuteAsync(connection, transaction, exclusive, cancellationToken).ConfigureAwait(false);
        }

        return transaction;
    }
}
