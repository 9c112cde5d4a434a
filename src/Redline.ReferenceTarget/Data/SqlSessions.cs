using System.Collections.Concurrent;

namespace Redline.ReferenceTarget.Data;

/// <summary>
/// Where requests get their database session. The baseline opens a new, unpooled connection per
/// request; the optimized profile keeps open sessions with prepared statements in a pool.
/// </summary>
internal sealed class SqlSessions : IDisposable
{
    // Enough for the thread pool's busy threads; beyond it sessions are closed instead of kept.
    private const int MaxIdle = 64;

    private readonly string _connectionString;
    private readonly bool _pooled;
    private readonly ConcurrentBag<SqlSession> _idle = [];
    private int _idleCount;
    private bool _disposed;

    public SqlSessions(ReferenceDatabase database, ReferenceOptions options)
    {
        _pooled = options.Profile == Profile.Optimized;
        _connectionString = database.ConnectionString(_pooled);
    }

    /// <summary>Runs <paramref name="work"/> on a session that no other request uses meanwhile.</summary>
    public T Use<T>(Func<SqlSession, T> work)
    {
        if (!_pooled)
        {
            using var fresh = new SqlSession(_connectionString, reuseStatements: false);
            return work(fresh);
        }

        var session = Rent();
        var healthy = false;
        try
        {
            var result = work(session);
            healthy = true;
            return result;
        }
        finally
        {
            // A session that failed mid-work may hold an open reader or transaction: close it.
            if (healthy && !Volatile.Read(ref _disposed))
            {
                Return(session);
            }
            else
            {
                session.Dispose();
            }
        }
    }

    public void Dispose()
    {
        Volatile.Write(ref _disposed, true);
        while (_idle.TryTake(out var session))
        {
            session.Dispose();
        }
    }

    private SqlSession Rent()
    {
        if (_idle.TryTake(out var session))
        {
            Interlocked.Decrement(ref _idleCount);
            return session;
        }

        return new SqlSession(_connectionString, reuseStatements: true);
    }

    private void Return(SqlSession session)
    {
        if (Interlocked.Increment(ref _idleCount) > MaxIdle)
        {
            Interlocked.Decrement(ref _idleCount);
            session.Dispose();
            return;
        }

        _idle.Add(session);
    }
}
