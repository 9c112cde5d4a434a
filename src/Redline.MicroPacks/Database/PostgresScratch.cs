using System.Data.Common;
using Npgsql;

namespace Redline.MicroPacks.Database;

/// <summary>
/// The scratch tables in a PostgreSQL schema of their own, <c>redline_bench_&lt;random&gt;</c>, dropped with
/// <c>CASCADE</c> after. Inserts send their rows as arrays (<c>unnest</c>), one statement per operation.
/// </summary>
internal sealed class PostgresScratch : ScratchDatabase
{
    private readonly string _connectionString;
    private readonly string _schema;
    private readonly Dictionary<int, (int[] Customers, string[] Names, double[] Amounts)> _rows = [];

    private PostgresScratch(string connectionString, string schema, IEnumerable<int> sizes)
        : base(schema + ".items", schema + ".customers")
    {
        _connectionString = connectionString;
        _schema = schema;
        // The rows an insert sends are made once per size: what is timed is the database and its client, not building them.
        foreach (var size in sizes.Distinct())
        {
            var rows = Enumerable.Range(0, size).Select(i => Item(i)).ToArray();
            _rows[size] = ([.. rows.Select(r => r.Customer)], [.. rows.Select(r => r.Name)], [.. rows.Select(r => r.Amount)]);
        }
    }

    public override string Place => $"schema {_schema}";

    /// <summary>
    /// Checks that the server takes <paramref name="concurrency"/> more connections, then creates and seeds the schema.
    /// </summary>
    public static async Task<ScratchDatabase> CreateAsync(string connectionString, IReadOnlyList<int> sizes, int concurrency, long rows, CancellationToken cancellationToken)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        // Each slot of a round holds a connection of this pool; the default pool (100) would make the 101st wait.
        builder.MaxPoolSize = Math.Max(builder.MaxPoolSize, concurrency + 1);
        var scratch = new PostgresScratch(builder.ConnectionString, UniqueName(), sizes);
        await using (var connection = new NpgsqlConnection(scratch._connectionString))
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            await CheckConnectionsAsync(connection, concurrency, cancellationToken).ConfigureAwait(false);
        }

        return await SeededAsync(scratch, () => scratch.SeedAsync(rows, cancellationToken)).ConfigureAwait(false);
    }

    protected override async Task<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken)
    {
        var connection = new NpgsqlConnection(_connectionString);
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        return connection;
    }

    protected override async Task RemoveAsync()
    {
        using (var pooled = new NpgsqlConnection(_connectionString))
        {
            NpgsqlConnection.ClearPool(pooled);
        }

        // Not the pool: a fresh connection, so that a broken pooled one cannot keep the schema from being dropped.
        var builder = new NpgsqlConnectionStringBuilder(_connectionString) { Pooling = false };
        await using var connection = new NpgsqlConnection(builder.ConnectionString);
        await connection.OpenAsync().ConfigureAwait(false);
        await using var command = new NpgsqlCommand($"DROP SCHEMA IF EXISTS {_schema} CASCADE", connection);
        await command.ExecuteNonQueryAsync().ConfigureAwait(false);
    }

    protected override async Task<int> InsertAsync(DbConnection connection, int size)
    {
        var (customers, names, amounts) = _rows[size];
        await using var transaction = await connection.BeginTransactionAsync().ConfigureAwait(false);
        await using var command = new NpgsqlCommand($"INSERT INTO {Items} (customer_id, name, amount) SELECT * FROM unnest(@customers, @names, @amounts)", (NpgsqlConnection)connection);
        command.Transaction = (NpgsqlTransaction)transaction;
        command.Parameters.AddWithValue("customers", customers);
        command.Parameters.AddWithValue("names", names);
        command.Parameters.AddWithValue("amounts", amounts);
        var rows = await command.ExecuteNonQueryAsync().ConfigureAwait(false);
        await transaction.RollbackAsync().ConfigureAwait(false);
        return rows;
    }

    /// <summary>Fails with <see cref="PackSetupException"/> when the server has fewer free connections than a round needs.</summary>
    private static async Task CheckConnectionsAsync(NpgsqlConnection connection, int concurrency, CancellationToken cancellationToken)
    {
        const string Sql = """
            SELECT current_setting('max_connections')::int,
                   current_setting('superuser_reserved_connections')::int,
                   (SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'client backend')::int
            """;
        await using var command = new NpgsqlCommand(Sql, connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        var (max, reserved, used) = (reader.GetInt32(0), reader.GetInt32(1), reader.GetInt32(2));
        // This connection is counted in use, and goes back to the pool to be one of the round's.
        var free = max - reserved - used + 1;
        if (concurrency > free)
        {
            throw new PackSetupException(
                $"--concurrency: the largest value, {concurrency}, needs {concurrency} connections at once, but the server takes {free} more " +
                $"(max_connections {max}, {reserved} reserved for superusers, {used} in use); lower --concurrency or raise max_connections");
        }
    }

    private async Task SeedAsync(long rows, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(_connectionString);
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        var sql = $"""
            CREATE SCHEMA {_schema};
            CREATE TABLE {Customers} (id integer PRIMARY KEY, name text NOT NULL, region text NOT NULL);
            CREATE TABLE {Items} (id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, customer_id integer NOT NULL, name text NOT NULL, amount double precision NOT NULL);
            INSERT INTO {Customers} SELECT g, 'customer ' || g, (ARRAY['west', 'south', 'east', 'north'])[1 + g % 4] FROM generate_series(1, {CustomerCount}) g;
            INSERT INTO {Items} SELECT g, 1 + g % {CustomerCount}, 'item ' || g, (g % 10000) / 100.0 FROM generate_series(1, @rows) g;
            SELECT setval(pg_get_serial_sequence('{Items}', 'id'), @rows);
            ANALYZE {Customers};
            ANALYZE {Items};
            """;
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 600 };
        command.Parameters.AddWithValue("rows", rows);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
