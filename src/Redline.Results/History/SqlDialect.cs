using System.Data.Common;

namespace Redline.Results.History;

/// <summary>What differs between the SQLite and PostgreSQL stores; everything else is shared SQL.</summary>
internal abstract class SqlDialect : IAsyncDisposable
{
    /// <summary>Where the store is, without secrets.</summary>
    public abstract string Location { get; }

    /// <summary>The column type of histogram bytes.</summary>
    public abstract string BlobType { get; }

    /// <summary>
    /// A statement that serializes schema changes and pruning across processes inside a transaction,
    /// or null when a write transaction already excludes other writers (SQLite's BEGIN IMMEDIATE).
    /// </summary>
    public abstract string? ExclusiveLockSql { get; }

    public abstract Task<DbConnection> OpenAsync(CancellationToken cancellationToken);

    /// <summary>Once per store, before migrations: file-level settings.</summary>
    public virtual Task PrepareAsync(DbConnection connection, CancellationToken cancellationToken) => Task.CompletedTask;

    public abstract Task<DbTransaction> BeginWriteAsync(DbConnection connection, CancellationToken cancellationToken);

    /// <summary>A snapshot for multi-statement reads, so a run is never read half replaced.</summary>
    public abstract Task<DbTransaction> BeginReadAsync(DbConnection connection, CancellationToken cancellationToken);

    public abstract ValueTask DisposeAsync();
}
