namespace Redline.ReferenceTarget.Faults;

/// <summary>Thrown where a database session was dropped by <see cref="DatabaseDropFault"/>; answered with 503.</summary>
internal sealed class DatabaseConnectionDroppedException() : Exception("injected fault: database connection dropped");

/// <summary>What <c>GET /api/admin/faults</c> says about the database drop.</summary>
/// <param name="Percent">The share of sessions dropped now, 0 when off.</param>
/// <param name="Sessions">The sessions opened while it was on.</param>
/// <param name="Drops">Of those, the ones dropped.</param>
internal sealed record DatabaseDropStats(double Percent, long Sessions, long Drops);

/// <summary>
/// The database connection drop a chaos schedule switches on and off at run time: while on, a seeded share of
/// database sessions fails as a dropped connection would, before any work is done on it.
/// </summary>
internal sealed class DatabaseDropFault(ReferenceOptions options)
{
    // Its own sequence, apart from the other faults', so that switching it on does not shift theirs.
    private readonly Random _random = new(options.Seed ^ 0x0D809D80);
    private readonly Lock _lock = new();
    private double _percent;
    private long _sessions;
    private long _drops;

    /// <summary>Drops <paramref name="percent"/> of the sessions from now on (0 switches it off); the counts start again.</summary>
    public DatabaseDropStats Set(double percent)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(percent);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(percent, 100);
        lock (_lock)
        {
            var before = new DatabaseDropStats(_percent, _sessions, _drops);
            _percent = percent;
            _sessions = 0;
            _drops = 0;
            return before;
        }
    }

    /// <summary>The share dropped now and the counts since it was last set.</summary>
    public DatabaseDropStats Stats()
    {
        lock (_lock)
        {
            return new DatabaseDropStats(_percent, _sessions, _drops);
        }
    }

    /// <summary>Throws <see cref="DatabaseConnectionDroppedException"/> for the sessions the fault drops.</summary>
    public void Check()
    {
        if (Volatile.Read(ref _percent) <= 0)
        {
            return;
        }

        lock (_lock)
        {
            _sessions++;
            if (_random.NextDouble() * 100 >= _percent)
            {
                return;
            }

            _drops++;
        }

        throw new DatabaseConnectionDroppedException();
    }
}
