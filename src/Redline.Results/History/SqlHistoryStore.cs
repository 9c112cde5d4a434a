using Redline.Engine;
using Redline.Results.Judgement;

namespace Redline.Results.History;

/// <summary>The history store over SQL: one implementation, with a <see cref="SqlDialect"/> for SQLite or PostgreSQL.</summary>
internal sealed class SqlHistoryStore : IHistoryStore
{
    private readonly SqlDialect _dialect;
    private readonly TimeProvider _time;

    private SqlHistoryStore(SqlDialect dialect, TimeProvider time)
    {
        _dialect = dialect;
        _time = time;
    }

    public string Location => _dialect.Location;

    /// <summary>Opens the store and brings its schema up to date; takes ownership of <paramref name="dialect"/>.</summary>
    public static async Task<SqlHistoryStore> OpenAsync(SqlDialect dialect, TimeProvider time, CancellationToken cancellationToken)
    {
        try
        {
            await using (var connection = await dialect.OpenAsync(cancellationToken).ConfigureAwait(false))
            {
                await dialect.PrepareAsync(connection, cancellationToken).ConfigureAwait(false);
                await Migrations.ApplyAsync(connection, dialect, time, cancellationToken).ConfigureAwait(false);
            }

            return new SqlHistoryStore(dialect, time);
        }
        catch
        {
            await dialect.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public async Task SaveRunAsync(RunResult run, IReadOnlyDictionary<string, string>? labels = null, RunJudgement? judgement = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(run);
        await using var connection = await _dialect.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await _dialect.BeginWriteAsync(connection, cancellationToken).ConfigureAwait(false);
        await RunWriter.WriteAsync(connection, transaction, run, labels, judgement, _time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<StoredRun?> LoadRunAsync(string runId, CancellationToken cancellationToken = default)
    {
        await using var connection = await _dialect.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await _dialect.BeginReadAsync(connection, cancellationToken).ConfigureAwait(false);
        var run = await RunReader.LoadAsync(connection, transaction, runId, cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return run;
    }

    public async Task<RunInfo?> GetRunAsync(string runId, CancellationToken cancellationToken = default)
    {
        var runs = await ListAsync("WHERE r.id = @id", c => c.With("@id", runId), cancellationToken).ConfigureAwait(false);
        return runs.Count == 0 ? null : runs[0];
    }

    public Task<IReadOnlyList<RunInfo>> ListRunsAsync(RunQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var (sql, bind) = RunFilter.Build(query);
        return ListAsync(sql, bind, cancellationToken);
    }

    public async Task<RunInfo?> FindBaselineAsync(BaselineQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var runs = await ListRunsAsync(RunFilter.ForBaseline(query), cancellationToken).ConfigureAwait(false);
        return runs.Count == 0 ? null : runs[0];
    }

    public Task<bool> SetBaselineAsync(string name, string runId, CancellationToken cancellationToken = default) =>
        Records.SetBaselineAsync(_dialect, name, runId, _time.GetUtcNow(), cancellationToken);

    public Task<NamedBaseline?> GetBaselineAsync(string name, CancellationToken cancellationToken = default) =>
        Records.GetBaselineAsync(_dialect, name, cancellationToken);

    public Task<IReadOnlyList<NamedBaseline>> ListBaselinesAsync(CancellationToken cancellationToken = default) =>
        Records.ListBaselinesAsync(_dialect, cancellationToken);

    public Task SaveReportAsync(StoredReport report, CancellationToken cancellationToken = default) =>
        Records.SaveReportAsync(_dialect, report, cancellationToken);

    public Task<StoredReport?> GetReportAsync(string reportId, CancellationToken cancellationToken = default) =>
        Records.GetReportAsync(_dialect, reportId, cancellationToken);

    public Task<IReadOnlyList<StoredReport>> ListReportsAsync(string? runId = null, int? limit = null, CancellationToken cancellationToken = default) =>
        Records.ListReportsAsync(_dialect, runId, limit, cancellationToken);

    public async Task<IReadOnlyList<RollupBucket>> ListRollupsAsync(RollupQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        await using var connection = await _dialect.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await RollupTable.ListAsync(connection, query, cancellationToken).ConfigureAwait(false);
    }

    public Task<PruneResult> PruneAsync(RetentionPolicy policy, DateTimeOffset now, CancellationToken cancellationToken = default) =>
        Pruner.PruneAsync(_dialect, policy, now, cancellationToken);

    public ValueTask DisposeAsync() => _dialect.DisposeAsync();

    private async Task<IReadOnlyList<RunInfo>> ListAsync(string filter, Action<System.Data.Common.DbCommand> bind, CancellationToken cancellationToken)
    {
        await using var connection = await _dialect.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await _dialect.BeginReadAsync(connection, cancellationToken).ConfigureAwait(false);
        var (runs, _) = await RunInfoReader.ReadAsync(connection, transaction, filter, bind, cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return runs;
    }
}
