namespace Redline.ReferenceTarget.Mcp;

/// <summary>
/// What an MCP tool call costs in the reference deployment at latency scale 1, by cause. The baseline's p50 of
/// 150 ms is a new connection, a cold start and the cluster API; the optimized profile's 50 ms is the cluster API
/// and the hops on the way, with a new connection on 5% of calls.
/// </summary>
internal static class McpCosts
{
    /// <summary>A new client connection: the server sets up a session for it (transport, authentication, capabilities).</summary>
    public static readonly TimeSpan ConnectionSetup = TimeSpan.FromMilliseconds(60);

    /// <summary>A cold call: the server's start-up before it parses and indexes the inventory again.</summary>
    public static readonly TimeSpan ColdStart = TimeSpan.FromMilliseconds(45);

    /// <summary>The median round trip to the cluster's API that every tool call makes.</summary>
    public const double ClusterApiMedianMs = 30;

    /// <summary>The spread of the cluster API's round trip (log-normal): p95 about twice the median, p99 about 2.8 times.</summary>
    public const double ClusterApiSigma = 0.45;

    /// <summary>The share of calls the optimized deployment sends on a connection it already has (the seed's mcp_connection_reuse).</summary>
    public const double OptimizedConnectionReuse = 0.95;

    /// <summary><paramref name="cost"/> at <paramref name="latencyScale"/>.</summary>
    public static TimeSpan Scaled(TimeSpan cost, double latencyScale) =>
        latencyScale > 0 ? cost * latencyScale : TimeSpan.Zero;
}
