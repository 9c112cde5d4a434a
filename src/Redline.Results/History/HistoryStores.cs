namespace Redline.Results.History;

/// <summary>Which database a history store lives in.</summary>
public enum HistoryStoreKind
{
    /// <summary>An embedded SQLite file (the default).</summary>
    Sqlite,
    /// <summary>A PostgreSQL database, for teams and agents sharing one history.</summary>
    Postgres,
}

/// <summary>Opens history stores from what users write in <c>--store</c> or <c>REDLINE_STORE</c>.</summary>
public static class HistoryStores
{
    /// <summary>The SQLite file used when no store is named, relative to the working directory.</summary>
    public const string DefaultPath = ".redline/history.db";

    /// <summary>
    /// Opens (creating and migrating as needed) the store <paramref name="store"/> names: null or empty for
    /// <see cref="DefaultPath"/>; a file path or <c>sqlite:PATH</c> for SQLite; a <c>postgres://</c> or
    /// <c>postgresql://</c> URI or an Npgsql keyword string (<c>Host=...;Database=...</c>) for PostgreSQL.
    /// </summary>
    public static async Task<IHistoryStore> OpenAsync(string? store, TimeProvider? time = null, CancellationToken cancellationToken = default)
    {
        var (kind, target) = StoreAddress.Parse(store);
        SqlDialect dialect = kind == HistoryStoreKind.Sqlite ? new SqliteDialect(target) : new PostgresDialect(target);
        return await SqlHistoryStore.OpenAsync(dialect, time ?? TimeProvider.System, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// <see cref="OpenAsync"/> for callers without an async context (a command's entry point). Blocks the
    /// calling thread; never call it on a thread with a synchronization context.
    /// </summary>
    public static IHistoryStore Open(string? store, TimeProvider? time = null) =>
        Task.Run(() => OpenAsync(store, time)).GetAwaiter().GetResult();

    /// <summary>Which kind of store <paramref name="store"/> names, without opening it.</summary>
    public static HistoryStoreKind KindOf(string? store) => StoreAddress.Parse(store).Kind;
}
