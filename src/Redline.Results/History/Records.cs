using System.Data.Common;

namespace Redline.Results.History;

/// <summary>Named baselines and regression reports: small rows, kept forever.</summary>
internal static class Records
{
    private const string ReportSelect = "SELECT id, suite, scenario, base_run_id, head_run_id, outcome, created_at, body FROM reports";

    public static async Task<bool> SetBaselineAsync(SqlDialect dialect, string name, string runId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        await using var connection = await dialect.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await dialect.BeginWriteAsync(connection, cancellationToken).ConfigureAwait(false);
        var exists = await Db.ScalarAsync(connection, transaction, "SELECT COUNT(*) FROM runs WHERE id = @id", cancellationToken, ("@id", runId)).ConfigureAwait(false);
        if (Convert.ToInt64(exists, System.Globalization.CultureInfo.InvariantCulture) == 0)
        {
            return false;
        }

        await Db.ExecuteAsync(connection, transaction, "DELETE FROM baselines WHERE name = @name", cancellationToken, ("@name", name)).ConfigureAwait(false);
        await Db.ExecuteAsync(connection, transaction, "INSERT INTO baselines (name, run_id, set_at) VALUES (@name, @run, @at)", cancellationToken, ("@name", name), ("@run", runId), ("@at", Db.Millis(now))).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return true;
    }

    public static async Task<NamedBaseline?> GetBaselineAsync(SqlDialect dialect, string name, CancellationToken cancellationToken)
    {
        var all = await ReadBaselinesAsync(dialect, "WHERE name = @name", c => c.With("@name", name), cancellationToken).ConfigureAwait(false);
        return all.Count == 0 ? null : all[0];
    }

    public static Task<IReadOnlyList<NamedBaseline>> ListBaselinesAsync(SqlDialect dialect, CancellationToken cancellationToken) =>
        ReadBaselinesAsync(dialect, "", _ => { }, cancellationToken);

    public static async Task SaveReportAsync(SqlDialect dialect, StoredReport report, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(report);
        await using var connection = await dialect.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await dialect.BeginWriteAsync(connection, cancellationToken).ConfigureAwait(false);
        await Db.ExecuteAsync(connection, transaction, "DELETE FROM reports WHERE id = @id", cancellationToken, ("@id", report.Id)).ConfigureAwait(false);
        await using (var insert = new Insert(connection, transaction, "reports", ["id", "suite", "scenario", "base_run_id", "head_run_id", "outcome", "created_at", "body"]))
        {
            await insert.Set("id", report.Id).Set("suite", report.Suite).Set("scenario", report.Scenario).Set("base_run_id", report.BaseRunId)
                .Set("head_run_id", report.HeadRunId).Set("outcome", report.Outcome).Set("created_at", Db.Millis(report.CreatedAt)).Set("body", report.Json)
                .ExecuteAsync(cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    public static async Task<StoredReport?> GetReportAsync(SqlDialect dialect, string reportId, CancellationToken cancellationToken)
    {
        var reports = await ReadReportsAsync(dialect, "WHERE id = @id", c => c.With("@id", reportId), cancellationToken).ConfigureAwait(false);
        return reports.Count == 0 ? null : reports[0];
    }

    public static Task<IReadOnlyList<StoredReport>> ListReportsAsync(SqlDialect dialect, string? runId, int? limit, CancellationToken cancellationToken)
    {
        var where = runId is null ? "" : "WHERE head_run_id = @run OR base_run_id = @run";
        var tail = $"{where} ORDER BY created_at DESC, id DESC{(limit is null ? "" : " LIMIT @limit")}";
        return ReadReportsAsync(dialect, tail, c =>
        {
            if (runId is not null)
            {
                c.With("@run", runId);
            }

            if (limit is { } l)
            {
                c.With("@limit", (long)Math.Max(0, l));
            }
        }, cancellationToken);
    }

    private static async Task<IReadOnlyList<NamedBaseline>> ReadBaselinesAsync(SqlDialect dialect, string where, Action<DbCommand> bind, CancellationToken cancellationToken)
    {
        await using var connection = await dialect.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Db.Command(connection, null, $"SELECT name, run_id, set_at FROM baselines {where} ORDER BY name");
        bind(command);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var baselines = new List<NamedBaseline>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            baselines.Add(new NamedBaseline(reader.Text(0), reader.Text(1), Db.Time(reader.Long(2))));
        }

        return baselines;
    }

    private static async Task<IReadOnlyList<StoredReport>> ReadReportsAsync(SqlDialect dialect, string tail, Action<DbCommand> bind, CancellationToken cancellationToken)
    {
        await using var connection = await dialect.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Db.Command(connection, null, $"{ReportSelect} {tail}");
        bind(command);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var reports = new List<StoredReport>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            reports.Add(new StoredReport(reader.Text(0), reader.Text(1), reader.TextOrNull(2), reader.TextOrNull(3), reader.Text(4), reader.Text(5), Db.Time(reader.Long(6)), reader.Text(7)));
        }

        return reports;
    }
}
