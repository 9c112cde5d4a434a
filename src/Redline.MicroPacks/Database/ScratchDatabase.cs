using System.Collections.Concurrent;
using System.Data.Common;

namespace Redline.MicroPacks.Database;

/// <summary>
/// The pack's own tables in the database under test: <c>customers</c> (1,000 rows) and <c>items</c>, seeded with
/// <c>largest size × largest concurrency</c> rows so that each of the operations of a round has rows of its own (slot
/// <c>s</c> touches ids <c>s·size+1 … (s+1)·size</c>) and none waits on another's row locks. Disposing removes them.
/// </summary>
internal abstract class ScratchDatabase : IAsyncDisposable
{
    /// <summary>The customers the join reads; items refer to them round-robin.</summary>
    protected const int CustomerCount = 1000;

    private readonly ConcurrentBag<DbConnection> _opened = [];

    protected ScratchDatabase(string items, string customers)
    {
        Items = items;
        Customers = customers;
    }

    /// <summary>The qualified name of the items table.</summary>
    public string Items { get; }

    /// <summary>The qualified name of the customers table.</summary>
    public string Customers { get; }

    /// <summary>Where the tables are, for messages: the schema or the table prefix.</summary>
    public abstract string Place { get; }

    /// <summary>Opens a connection for one slot of a round; it is closed by the benchmark, or at the latest by <see cref="DisposeAsync"/>.</summary>
    public async Task<DbConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        _opened.Add(connection);
        return connection;
    }

    /// <summary>
    /// Closes every connection this run opened (BenchmarkDotNet skips a benchmark's cleanup when it failed or was
    /// stopped, and an open connection would keep SQLite's journal mode from being put back), then removes the tables.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        while (_opened.TryTake(out var connection))
        {
            await connection.DisposeAsync().ConfigureAwait(false);
        }

        await RemoveAsync().ConfigureAwait(false);
    }

    /// <summary>Opens a connection to the database under test.</summary>
    protected abstract Task<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken);

    /// <summary>Removes the tables (or the schema, or the file this pack created).</summary>
    protected abstract Task RemoveAsync();

    /// <summary>Returns <paramref name="scratch"/> once <paramref name="seed"/> has made its tables; when that fails, removes what it made.</summary>
    protected static async Task<ScratchDatabase> SeededAsync(ScratchDatabase scratch, Func<Task> seed)
    {
        try
        {
            await seed().ConfigureAwait(false);
            return scratch;
        }
        catch
        {
            await scratch.DisposeQuietlyAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Removes what was made after a failure, keeping that failure the one reported.</summary>
    private async Task DisposeQuietlyAsync()
    {
        try
        {
            await DisposeAsync().ConfigureAwait(false);
        }
        catch (Exception e) when (e is DbException or IOException or UnauthorizedAccessException)
        {
        }
    }

    /// <summary>One operation on the rows of <paramref name="slot"/>; fails when it did not touch exactly <paramref name="size"/> rows.</summary>
    public async Task RunAsync(DbConnection connection, DbOperation operation, int size, int slot)
    {
        var from = 1 + ((long)slot * size);
        var to = from + size - 1;
        var touched = operation switch
        {
            DbOperation.Insert => await InsertAsync(connection, size).ConfigureAwait(false),
            DbOperation.Select => await ReadAsync(connection, $"SELECT id, customer_id, name, amount FROM {Items} WHERE id BETWEEN @from AND @to", from, to).ConfigureAwait(false),
            DbOperation.Join => await ReadAsync(connection, $"SELECT i.id, i.name, i.amount, c.name, c.region FROM {Items} i JOIN {Customers} c ON c.id = i.customer_id WHERE i.id BETWEEN @from AND @to", from, to).ConfigureAwait(false),
            DbOperation.Update => await WriteAsync(connection, $"UPDATE {Items} SET amount = amount + 1 WHERE id BETWEEN @from AND @to", from, to).ConfigureAwait(false),
            DbOperation.Delete => await WriteAsync(connection, $"DELETE FROM {Items} WHERE id BETWEEN @from AND @to", from, to).ConfigureAwait(false),
            _ => throw new ArgumentOutOfRangeException(nameof(operation), operation, null),
        };
        if (touched != size)
        {
            throw new InvalidOperationException($"{operation} touched {touched} rows of {Place}, not {size}: the scratch tables are not as seeded");
        }
    }

    /// <summary>Inserts <paramref name="size"/> rows in a transaction that is rolled back; returns the rows inserted.</summary>
    protected abstract Task<int> InsertAsync(DbConnection connection, int size);

    /// <summary>The row a seeded or inserted item <paramref name="id"/> has: its customer, name and amount.</summary>
    protected static (int Customer, string Name, double Amount) Item(long id) => ((int)(1 + (id % CustomerCount)), $"item {id}", id % 10_000 / 100.0);

    private static async Task<int> ReadAsync(DbConnection connection, string sql, long from, long to)
    {
        await using var command = Command(connection, sql, from, to);
        await using var reader = await command.ExecuteReaderAsync().ConfigureAwait(false);
        var rows = 0;
        while (await reader.ReadAsync().ConfigureAwait(false))
        {
            // Every column is read, as a caller mapping rows to objects does.
            for (var i = 0; i < reader.FieldCount; i++)
            {
                _ = reader.GetValue(i);
            }

            rows++;
        }

        return rows;
    }

    private static async Task<int> WriteAsync(DbConnection connection, string sql, long from, long to)
    {
        await using var transaction = await connection.BeginTransactionAsync().ConfigureAwait(false);
        await using var command = Command(connection, sql, from, to);
        command.Transaction = transaction;
        var rows = await command.ExecuteNonQueryAsync().ConfigureAwait(false);
        await transaction.RollbackAsync().ConfigureAwait(false);
        return rows;
    }

    private static DbCommand Command(DbConnection connection, string sql, long from, long to)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        Add(command, "from", from);
        Add(command, "to", to);
        return command;
    }

    /// <summary>Adds a parameter named <paramref name="name"/> (written <c>@name</c> in the SQL).</summary>
    protected static DbParameter Add(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
        return parameter;
    }

    /// <summary>A name no other run uses: <c>redline_bench_</c> and 12 random hex digits.</summary>
    protected static string UniqueName() => "redline_bench_" + Guid.NewGuid().ToString("N")[..12];
}
