using System.Data;
using System.Data.Common;
using Npgsql;

namespace Redline.Results.History;

/// <summary>A PostgreSQL database reached through Npgsql.</summary>
internal sealed class PostgresDialect : SqlDialect
{
    private readonly NpgsqlDataSource _source;

    public PostgresDialect(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        Location = $"postgresql://{builder.Host}:{builder.Port}/{builder.Database ?? builder.Username}";
        _source = NpgsqlDataSource.Create(builder);
    }

    public override string Location { get; }

    public override string BlobType => "BYTEA";

    // An arbitrary constant key: every Redline process serializes migrations and pruning on it.
    public override string? ExclusiveLockSql => "SELECT pg_advisory_xact_lock(7261023448)";

    public override async Task<DbConnection> OpenAsync(CancellationToken cancellationToken) =>
        await _source.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);

    public override async Task<DbTransaction> BeginWriteAsync(DbConnection connection, CancellationToken cancellationToken) =>
        await connection.BeginTransactionAsync(IsolationLevel.ReadCommitted, cancellationToken).ConfigureAwait(false);

    public override async Task<DbTransaction> BeginReadAsync(DbConnection connection, CancellationToken cancellationToken) =>
        await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, cancellationToken).ConfigureAwait(false);

    public override ValueTask DisposeAsync() => _source.DisposeAsync();
}
