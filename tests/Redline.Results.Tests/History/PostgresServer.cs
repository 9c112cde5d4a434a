using Npgsql;
using Redline.Results.History;

namespace Redline.Results.Tests.History;

/// <summary>The PostgreSQL tests share one server: the fixture starts it once per test run.</summary>
[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresServer>
{
    public const string Name = "PostgreSQL";
}

/// <summary>
/// A PostgreSQL server for tests: the one <c>REDLINE_TEST_POSTGRES</c> names, or else a private
/// throwaway cluster on 127.0.0.1 (see <see cref="PrivateCluster"/>). Each store is a new schema.
/// When no server can be had, every PostgreSQL test fails with a message saying how to provide one.
/// </summary>
public sealed class PostgresServer : IAsyncLifetime, IStoreFactory
{
    public const string Variable = "REDLINE_TEST_POSTGRES";

    private PrivateCluster? _cluster;
    private string? _connectionString;
    private string? _failure;

    /// <summary>The server's connection string (to its default database).</summary>
    public string ConnectionString => _connectionString ?? throw new InvalidOperationException(_failure);

    public async Task InitializeAsync()
    {
        try
        {
            if (Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } given)
            {
                var (kind, target) = StoreAddress.Parse(given);
                if (kind != HistoryStoreKind.Postgres)
                {
                    throw new InvalidOperationException($"{Variable} must be a PostgreSQL connection string (Host=...) or a postgresql:// URI.");
                }

                _connectionString = target;
            }
            else
            {
                _cluster = await PrivateCluster.StartAsync(TimeSpan.FromMinutes(8));
                _connectionString = _cluster.ConnectionString;
            }

            await using var connection = new NpgsqlConnection(_connectionString);
            await connection.OpenAsync();
        }
        catch (Exception e)
        {
            _connectionString = null;
            _failure =
                "The PostgreSQL history tests need a PostgreSQL server and could not get one: " + e.Message + Environment.NewLine +
                $"Either set {Variable} to a connection string of a server where the user may create schemas " +
                "(e.g. Host=127.0.0.1;Port=5432;Username=postgres;Password=...;Database=postgres), " +
                "or install PostgreSQL's server binaries (Debian: apt-get install postgresql, which .ci/postgres.sh does) " +
                "so that the tests can start a private cluster; as root the tests install it themselves when apt-get works.";
        }
    }

    public async Task DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }
    }

    public async Task<string> CreateAsync()
    {
        var schema = "redline_test_" + Guid.NewGuid().ToString("N")[..16];
        await ExecuteAsync($"CREATE SCHEMA {schema}");
        return new NpgsqlConnectionStringBuilder(ConnectionString) { SearchPath = schema }.ConnectionString;
    }

    public async Task DeleteAsync(string store)
    {
        var schema = new NpgsqlConnectionStringBuilder(store).SearchPath;
        using (var connection = new NpgsqlConnection(store))
        {
            NpgsqlConnection.ClearPool(connection);
        }

        if (!string.IsNullOrEmpty(schema))
        {
            await ExecuteAsync($"DROP SCHEMA IF EXISTS {schema} CASCADE");
        }
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
