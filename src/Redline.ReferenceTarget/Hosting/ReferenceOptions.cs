namespace Redline.ReferenceTarget;

/// <summary>Which behaviour the reference deployment shows: the seed's system before or after optimisation.</summary>
public enum Profile
{
    /// <summary>Sequential experts, a new database connection per request, no caches.</summary>
    Baseline,
    /// <summary>Parallel experts with a response cache, pooled and prepared queries with indexes, an in-memory cache.</summary>
    Optimized,
}

/// <summary>How the reference deployment runs, as <c>redline target serve</c> sets it.</summary>
public sealed record ReferenceOptions
{
    /// <summary>The profile.</summary>
    public Profile Profile { get; init; } = Profile.Baseline;

    /// <summary>The address to bind; loopback unless told otherwise.</summary>
    public string Host { get; init; } = "127.0.0.1";

    /// <summary>The port; 0 picks a free one.</summary>
    public int Port { get; init; } = 5090;

    /// <summary>Multiplies every simulated latency (expert thinking, per-call setup), so a demo runs in seconds.</summary>
    public double LatencyScale { get; init; } = 1;

    /// <summary>Memory retained on purpose, in MB per hour (a known leak); 0 for none.</summary>
    public double LeakMbPerHour { get; init; }

    /// <summary>Every response held for this long once per <see cref="StallPeriod"/> (a known stall); null for none.</summary>
    public TimeSpan? StallLength { get; init; }

    /// <summary>The period of the stalls.</summary>
    public TimeSpan? StallPeriod { get; init; }

    /// <summary>The share of responses answered with 500, in percent (a known error rate).</summary>
    public double ErrorRatePercent { get; init; }

    /// <summary>Seeds the simulated latencies and fault choices.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>Where the SQLite database lives; a new file in the temp folder when null.</summary>
    public string? DatabasePath { get; init; }

    /// <summary>
    /// How many MCP server processes the deployment's MCP manager runs behind /mcp; 0 serves MCP inside the
    /// deployment. Each is started with <see cref="McpServerCommand"/>.
    /// </summary>
    public int McpServers { get; init; }

    /// <summary>The command that starts one MCP server process; required when <see cref="McpServers"/> is above 0.</summary>
    public McpServerCommand? McpServerCommand { get; init; }
}

/// <summary>
/// A program and its arguments that serve the reference deployment's MCP tools over Streamable HTTP on a port of
/// their choosing, print a line ending in "listening on URL" on standard output once they do, and stop when the
/// deployment that started them has gone.
/// </summary>
public sealed record McpServerCommand(string Program, IReadOnlyList<string> Arguments);
