using System.Collections.Concurrent;
using Redline.ReferenceTarget.Faults;

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
    private readonly double _latencyScale;
    private readonly TimeProvider _time;
    private readonly LogNormalDraws _draws;
    private readonly DatabaseDropFault _drop;
    private readonly ConcurrentBag<SqlSession> _idle = [];
    private int _idleCount;
    private bool _disposed;

    public SqlSessions(ReferenceDatabase database, ReferenceOptions options, TimeProvider time, DatabaseDropFault drop)
    {
        _drop = drop;
        _pooled = options.Profile == Profile.Optimized;
        _connectionString = database.ConnectionString(_pooled);
        _latencyScale = options.LatencyScale;
        _time = time;
        _draws = new LogNormalDraws(options.Seed);
    }

    /// <summary>
    /// Runs <paramref name="work"/> as one unit of work against the seed's database server: it waits out the
    /// server's answer and, without a pool, opening a connection (<see cref="DatabaseCosts"/>), then does the real
    /// SQLite work on a session of its own.
    /// </summary>
    public async Task<T> UseAsync<T>(Func<SqlSession, T> work, CancellationToken cancellationToken)
    {
        if (_latencyScale > 0)
        {
            var ms = _draws.NextMs(DatabaseCosts.RoundTripMedianMs, DatabaseCosts.RoundTripSigma);
            if (!_pooled)
            {
                ms += _draws.NextMs(DatabaseCosts.ConnectionOpenMedianMs, DatabaseCosts.ConnectionOpenSigma);
            }

            await Task.Delay(TimeSpan.FromMilliseconds(ms * _latencyScale), _time, cancellationToken);
        }

        return Use(work);
    }

    /// <summary>Runs <paramref name="work"/> on a session that no other request uses meanwhile, with no simulated cost.</summary>
    public T Use<T>(Func<SqlSession, T> work)
    {
        _drop.Check();
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
