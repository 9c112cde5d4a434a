using Npgsql;
using Xunit;

namespace Redline.Testing.Postgres;

/// <summary>
/// A PostgreSQL server for tests: the one <c>REDLINE_TEST_POSTGRES</c> names, or else a private throwaway cluster on
/// 127.0.0.1 (see <see cref="PrivateCluster"/>). When no server can be had, <see cref="ConnectionString"/> fails every
/// test that asks for it with a message saying how to provide one. Use it as a collection or class fixture.
/// </summary>
public class PostgresInstance : IAsyncLifetime
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
                _connectionString = ConnectionStringOf(given);
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
                "The PostgreSQL tests need a PostgreSQL server and could not get one: " + e.Message + Environment.NewLine +
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

    /// <summary>Runs <paramref name="sql"/> on the default database; returns the first column of its first row, if any.</summary>
    public async Task<object?> ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync();
    }

    /// <summary>
    /// The Npgsql connection string of what <c>REDLINE_TEST_POSTGRES</c> says. As given here; a project that can read
    /// Redline's <c>postgresql://</c> URIs turns those into keyword strings.
    /// </summary>
    protected virtual string ConnectionStringOf(string given) => given;
}
