using Microsoft.Data.Sqlite;

namespace Redline.ReferenceTarget.Data;

/// <summary>
/// One open connection for one request at a time. A reusing session keeps each statement
/// prepared for its next use; a throwaway one parses every statement afresh, as the baseline does.
/// </summary>
internal sealed class SqlSession : IDisposable
{
    private readonly SqliteConnection _connection;
    private readonly Dictionary<string, SqliteCommand>? _prepared;
    private readonly List<SqliteCommand> _throwaway = [];
    private SqliteTransaction? _transaction;

    public SqlSession(string connectionString, bool reuseStatements)
    {
        _connection = new SqliteConnection(connectionString);
        _connection.Open();
        if (reuseStatements)
        {
            _prepared = new Dictionary<string, SqliteCommand>(StringComparer.Ordinal);
            using var pragma = _connection.CreateCommand();
            // WAL makes NORMAL durable against application crashes; only an OS crash can lose the last commits.
            pragma.CommandText = "PRAGMA synchronous = NORMAL";
            pragma.ExecuteNonQuery();
        }
    }

    /// <summary>The statement <paramref name="sql"/> with <paramref name="args"/> bound in order of their names.</summary>
    public SqliteCommand Command(string sql, params ReadOnlySpan<(string Name, object? Value)> args)
    {
        if (_prepared is not null && _prepared.TryGetValue(sql, out var cached))
        {
            for (var i = 0; i < args.Length; i++)
            {
                cached.Parameters[i].Value = args[i].Value ?? DBNull.Value;
            }

            cached.Transaction = _transaction;
            return cached;
        }

        var command = _connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = _transaction;
        foreach (var (name, value) in args)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }

        if (_prepared is null)
        {
            _throwaway.Add(command);
        }
        else
        {
            command.Prepare();
            _prepared[sql] = command;
        }

        return command;
    }

    /// <summary>Runs <paramref name="work"/> in one transaction, which the session's commands join meanwhile.</summary>
    public T InTransaction<T>(Func<T> work)
    {
        using var transaction = _connection.BeginTransaction();
        _transaction = transaction;
        try
        {
            var result = work();
            transaction.Commit();
            return result;
        }
        finally
        {
            _transaction = null;
        }
    }

    public void Dispose()
    {
        foreach (var command in _throwaway)
        {
            command.Dispose();
        }

        if (_prepared is not null)
        {
            foreach (var command in _prepared.Values)
            {
                command.Dispose();
            }
        }

        _connection.Dispose();
    }
}
