namespace Redline.ReferenceTarget.Data;

/// <summary>
/// What the seed's database costs that a local SQLite file does not, at latency scale 1: the database server's
/// answer to each unit of work (its network round trip and its queueing behind the other clients at production
/// load), and a new connection (TCP, TLS and authentication) for every unit of work when there is no pool. The
/// queries themselves, and what a missing index or an unprepared statement costs, are SQLite's real work.
/// </summary>
internal static class DatabaseCosts
{
    /// <summary>The median of the server's answer to one unit of work.</summary>
    public const double RoundTripMedianMs = 5;

    /// <summary>The spread (log-normal) of the server's answer.</summary>
    public const double RoundTripSigma = 0.5;

    /// <summary>The median cost of opening a connection, paid per unit of work without a pool.</summary>
    public const double ConnectionOpenMedianMs = 10;

    /// <summary>The spread (log-normal) of opening a connection.</summary>
    public const double ConnectionOpenSigma = 0.5;
}
