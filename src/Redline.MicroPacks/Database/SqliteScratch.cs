using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace Redline.MicroPacks.Database;

/// <summary>
/// The scratch tables in a SQLite file: <c>redline_bench_&lt;random&gt;_items</c> and <c>_customers</c>. The file is
/// switched to WAL (readers do not wait for a writer) and put back to its journal mode after; writers begin with
/// <c>BEGIN IMMEDIATE</c> and wait up to two minutes for the write lock, so concurrent writers queue instead of
/// failing. A file this pack created is deleted after.
/// </summary>
internal sealed class SqliteScratch : ScratchDatabase
{
    private readonly string _path;
    private readonly string _connectionString;
    private readonly bool _created;
    private string? _journalMode;

    private SqliteScratch(string path, string prefix)
        : base(prefix + "_items", prefix + "_customers")
    {
        _path = path;
        _created = !File.Exists(path);
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            DefaultTimeout = 120,
            // Connections are held for a whole benchmark; a pool would only keep the file open after the run.
            Pooling = false,
        }.ConnectionString;
        Place = $"{path} (tables {prefix}_*)";
    }

    public override string Place { get; }

    public static async Task<ScratchDatabase> CreateAsync(string path, long rows, CancellationToken cancellationToken)
    {
        var scratch = new SqliteScratch(path, UniqueName());
        return await SeededAsync(scratch, () => scratch.SeedAsync(rows, cancellationToken)).ConfigureAwait(false);
    }

    protected override async Task<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(connection, "PRAGMA busy_timeout = 120000", cancellationToken).ConfigureAwait(false);
        return connection;
    }

    protected override async Task RemoveAsync()
    {
        if (_created)
        {
            foreach (var file in (string[])[_path, _path + "-wal", _path + "-shm", _path + "-journal"])
            {
                File.Delete(file);
            }

            return;
        }

        await using var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync().ConfigureAwait(false);
        await ExecuteAsync(connection, $"DROP TABLE IF EXISTS {Items}; DROP TABLE IF EXISTS {Customers}", CancellationToken.None).ConfigureAwait(false);
        if (_journalMode is not null and not "wal")
        {
            await ExecuteAsync(connection, $"PRAGMA journal_mode = {_journalMode}", CancellationToken.None).ConfigureAwait(false);
        }
    }

    protected override async Task<int> InsertAsync(DbConnection connection, int size)
    {
        // SQLite has no array parameters: one prepared statement, executed once per row, in one transaction.
        await using var transaction = await connection.BeginTransactionAsync().ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"INSERT INTO {Items} (customer_id, name, amount) VALUES (@customer, @name, @amount)";
        var customer = Add(command, "customer", 0);
        var name = Add(command, "name", "");
        var amount = Add(command, "amount", 0.0);
        command.Prepare();
        var rows = 0;
        for (var i = 0; i < size; i++)
        {
            (customer.Value, name.Value, amount.Value) = Item(i);
            rows += await command.ExecuteNonQueryAsync().ConfigureAwait(false);
        }

        await transaction.RollbackAsync().ConfigureAwait(false);
        return rows;
    }

    private static async Task ExecuteAsync(SqliteConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task SeedAsync(long rows, CancellationToken cancellationToken)
    {
        await using var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (var mode = connection.CreateCommand())
        {
            mode.CommandText = "PRAGMA journal_mode";
            _journalMode = (string?)await mode.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
        }

        await ExecuteAsync(connection, "PRAGMA journal_mode = WAL", cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.Transaction = (SqliteTransaction)transaction;
        command.CommandText = $"""
            CREATE TABLE {Customers} (id INTEGER PRIMARY KEY, name TEXT NOT NULL, region TEXT NOT NULL);
            CREATE TABLE {Items} (id INTEGER PRIMARY KEY, customer_id INTEGER NOT NULL, name TEXT NOT NULL, amount REAL NOT NULL);
            WITH RECURSIVE g(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM g WHERE x < {CustomerCount})
            INSERT INTO {Customers} SELECT x, 'customer ' || x, CASE x % 4 WHEN 0 THEN 'north' WHEN 1 THEN 'south' WHEN 2 THEN 'east' ELSE 'west' END FROM g;
            WITH RECURSIVE g(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM g WHERE x < @rows)
            INSERT INTO {Items} SELECT x, 1 + x % {CustomerCount}, 'item ' || x, (x % 10000) / 100.0 FROM g;
            """;
        Add(command, "rows", rows);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }
}
