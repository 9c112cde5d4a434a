using Npgsql;
using Redline.Results.History;
using Redline.Testing.Postgres;

namespace Redline.Results.Tests.History;

/// <summary>The PostgreSQL tests share one server: the fixture starts it once per test run.</summary>
[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresServer>
{
    public const string Name = "PostgreSQL";
}

/// <summary>The PostgreSQL server of the history tests; each store is a new schema.</summary>
public sealed class PostgresServer : PostgresInstance, IStoreFactory
{
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

    protected override string ConnectionStringOf(string given)
    {
        var (kind, target) = StoreAddress.Parse(given);
        return kind == HistoryStoreKind.Postgres
            ? target
            : throw new InvalidOperationException($"{Variable} must be a PostgreSQL connection string (Host=...) or a postgresql:// URI.");
    }
}
