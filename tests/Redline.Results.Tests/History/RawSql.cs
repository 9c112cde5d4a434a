using Redline.Results.History;

namespace Redline.Results.Tests.History;

/// <summary>Plain SQL against a test's store, through the store's own dialect, to check what the API does not show.</summary>
internal static class RawSql
{
    /// <summary>Takes a store back from schema 6 to what release 5 left.</summary>
    public const string UndoSchemaV6 = UndoSchemaV7 + "DROP TABLE repeat_summaries; ";

    /// <summary>Takes a store back from schema 7 to what release 6 left.</summary>
    public const string UndoSchemaV7 = "DROP TABLE micro_results; ";

    /// <summary>Takes a store back from schema 6 to what release 4 left.</summary>
    public const string UndoSchemaV5 = UndoSchemaV6 + "DROP TABLE step_summaries; DROP TABLE step_intervals; ";

    /// <summary>Takes a store back from schema 6 to what release 3 left.</summary>
    public const string UndoSchemaV4 = UndoSchemaV5 + "DROP TABLE run_events; ALTER TABLE scenarios DROP COLUMN generator_cause; ALTER TABLE intervals DROP COLUMN generator_cpu_measured; ";

    public static async Task<long> ScalarAsync(string store, string sql)
    {
        var (kind, target) = StoreAddress.Parse(store);
        await using SqlDialect dialect = kind == HistoryStoreKind.Sqlite ? new SqliteDialect(target) : new PostgresDialect(target);
        await using var connection = await dialect.OpenAsync(CancellationToken.None);
        return Convert.ToInt64(await Db.ScalarAsync(connection, null, sql, CancellationToken.None), System.Globalization.CultureInfo.InvariantCulture);
    }

    public static async Task<string> TextAsync(string store, string sql)
    {
        var (kind, target) = StoreAddress.Parse(store);
        await using SqlDialect dialect = kind == HistoryStoreKind.Sqlite ? new SqliteDialect(target) : new PostgresDialect(target);
        await using var connection = await dialect.OpenAsync(CancellationToken.None);
        return Convert.ToString(await Db.ScalarAsync(connection, null, sql, CancellationToken.None), System.Globalization.CultureInfo.InvariantCulture) ?? "";
    }

    public static async Task ExecuteAsync(string store, string sql)
    {
        var (kind, target) = StoreAddress.Parse(store);
        await using SqlDialect dialect = kind == HistoryStoreKind.Sqlite ? new SqliteDialect(target) : new PostgresDialect(target);
        await using var connection = await dialect.OpenAsync(CancellationToken.None);
        await Db.ExecuteAsync(connection, null, sql, CancellationToken.None);
    }
}
