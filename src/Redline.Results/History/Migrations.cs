using System.Data.Common;

namespace Redline.Results.History;

/// <summary>
/// The schema's history. Each migration runs once, in order, in the same transaction as its
/// <c>schema_version</c> row, so a store is always at exactly one version. A migration's text never
/// changes once released; a change is a new migration.
/// </summary>
internal static class Migrations
{
    private static readonly (int Version, string Description, string Sql)[] All =
    [
        (1, "runs, summaries, intervals, rollups, baselines, reports", SchemaV1.Sql),
        (2, "resource reports and series", SchemaV2.Sql),
        (3, "the thresholds and goals each run was judged with", SchemaV3.Sql),
        (4, "events on the timeline, whose fault a saturation was", SchemaV4.Sql),
        (5, "the steps of multi-step components", SchemaV5.Sql),
        (6, "the repeats of a scenario that ran several times", SchemaV6.Sql),
        (7, "the micro-benchmarks of a run", SchemaV7.Sql),
    ];

    /// <summary>The version this code writes and reads.</summary>
    public static int Latest => All[^1].Version;

    public static async Task ApplyAsync(DbConnection connection, SqlDialect dialect, TimeProvider time, CancellationToken cancellationToken)
    {
        await using var transaction = await dialect.BeginWriteAsync(connection, cancellationToken).ConfigureAwait(false);
        if (dialect.ExclusiveLockSql is { } exclusive)
        {
            await Db.ExecuteAsync(connection, transaction, exclusive, cancellationToken).ConfigureAwait(false);
        }

        await Db.ExecuteAsync(connection, transaction, "CREATE TABLE IF NOT EXISTS schema_version (version BIGINT NOT NULL PRIMARY KEY, description TEXT NOT NULL, applied_at BIGINT NOT NULL)", cancellationToken).ConfigureAwait(false);
        var current = Convert.ToInt32(await Db.ScalarAsync(connection, transaction, "SELECT COALESCE(MAX(version), 0) FROM schema_version", cancellationToken).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture);
        if (current > Latest)
        {
            throw new NotSupportedException($"{dialect.Location}: the history's schema is version {current}, newer than this Redline understands ({Latest}). Upgrade Redline to use it.");
        }

        foreach (var (version, description, sql) in All.Where(m => m.Version > current))
        {
            await Db.ExecuteAsync(connection, transaction, sql.Replace("{blob}", dialect.BlobType, StringComparison.Ordinal), cancellationToken).ConfigureAwait(false);
            await Db.ExecuteAsync(
                connection,
                transaction,
                "INSERT INTO schema_version (version, description, applied_at) VALUES (@version, @description, @at)",
                cancellationToken,
                ("@version", (long)version),
                ("@description", description),
                ("@at", Db.Millis(time.GetUtcNow()))).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }
}
