using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace Redline.Results.History;

/// <summary>An SQLite file in WAL mode with <c>synchronous=FULL</c>.</summary>
internal sealed class SqliteDialect : SqlDialect
{
    private readonly string _connectionString;

    public SqliteDialect(string path)
    {
        var full = Path.GetFullPath(path);
        if (Path.GetDirectoryName(full) is { Length: > 0 } directory)
        {
            Directory.CreateDirectory(directory);
        }

        Location = "sqlite:" + full;
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = full,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            DefaultTimeout = 30,
        }.ToString();
    }

    public override string Location { get; }

    public override string BlobType => "BLOB";

    public override string? ExclusiveLockSql => null;

    public override async Task<DbConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);

            // FULL, not NORMAL: in WAL mode NORMAL already keeps every committed transaction through a
            // killed process (the WAL frames are in the OS's page cache when COMMIT returns), but can lose
            // the last ones to a power cut or kernel crash. FULL fsyncs the WAL at each commit, and a run is
            // one commit, so a saved run survives those too for one fsync per run.
            await Db.ExecuteAsync(connection, null, "PRAGMA synchronous = FULL; PRAGMA busy_timeout = 30000;", cancellationToken).ConfigureAwait(false);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public override async Task PrepareAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        // WAL lets readers (the dashboard, history list) go on while a run is written, and is persistent in the file.
        var mode = await Db.ScalarAsync(connection, null, "PRAGMA journal_mode = WAL", cancellationToken).ConfigureAwait(false);
        if (!string.Equals(mode as string, "wal", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException($"{Location}: could not switch the history to WAL mode (journal_mode is {mode}).");
        }
    }

    // BEGIN IMMEDIATE: take the write lock up front, so two writers queue on busy_timeout instead of
    // one failing with SQLITE_BUSY when it upgrades a read lock.
    public override Task<DbTransaction> BeginWriteAsync(DbConnection connection, CancellationToken cancellationToken) =>
        Task.FromResult<DbTransaction>(((SqliteConnection)connection).BeginTransaction(deferred: false));

    public override Task<DbTransaction> BeginReadAsync(DbConnection connection, CancellationToken cancellationToken) =>
        Task.FromResult<DbTransaction>(((SqliteConnection)connection).BeginTransaction(deferred: true));

    public override ValueTask DisposeAsync()
    {
        // Pooled connections keep the file open; release them so the WAL is checkpointed and the file can be moved.
        using var connection = new SqliteConnection(_connectionString);
        SqliteConnection.ClearPool(connection);
        return ValueTask.CompletedTask;
    }
}
