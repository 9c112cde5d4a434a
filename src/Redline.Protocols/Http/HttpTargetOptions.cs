namespace Redline.Protocols.Http;

/// <summary>How an <see cref="HttpTarget"/> manages its connection pool.</summary>
public sealed record HttpTargetOptions
{
    /// <summary>The defaults: no connection limit, connections live until idle.</summary>
    public static readonly HttpTargetOptions Default = new();

    /// <summary>
    /// The most connections open to the target at once. Unlimited by default, so an open-model
    /// workload is never throttled by the client when the target slows down.
    /// </summary>
    public int MaxConnectionsPerServer { get; init; } = int.MaxValue;

    /// <summary>How long a pooled connection may be reused before it is replaced; infinite by default.</summary>
    public TimeSpan PooledConnectionLifetime { get; init; } = Timeout.InfiniteTimeSpan;

    /// <summary>How long an unused pooled connection stays open.</summary>
    public TimeSpan PooledConnectionIdleTimeout { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// The longest a new connection may take to open. A connection attempt outlives the request
    /// that started it, so this bounds attempts nobody waits for any more.
    /// </summary>
    public TimeSpan ConnectTimeout { get; init; } = HttpRequestSpec.DefaultTimeout;

    /// <summary>Every problem with these options, empty when they are valid.</summary>
    internal List<string> Validate()
    {
        var problems = new List<string>();
        if (MaxConnectionsPerServer < 1)
        {
            problems.Add($"{nameof(MaxConnectionsPerServer)} must be at least 1, got {MaxConnectionsPerServer}");
        }

        if (PooledConnectionLifetime < TimeSpan.Zero && PooledConnectionLifetime != Timeout.InfiniteTimeSpan)
        {
            problems.Add($"{nameof(PooledConnectionLifetime)} must be positive or infinite, got {PooledConnectionLifetime}");
        }

        if (PooledConnectionIdleTimeout < TimeSpan.Zero && PooledConnectionIdleTimeout != Timeout.InfiniteTimeSpan)
        {
            problems.Add($"{nameof(PooledConnectionIdleTimeout)} must be positive or infinite, got {PooledConnectionIdleTimeout}");
        }

        if (ConnectTimeout <= TimeSpan.Zero && ConnectTimeout != Timeout.InfiniteTimeSpan)
        {
            problems.Add($"{nameof(ConnectTimeout)} must be positive or infinite, got {ConnectTimeout}");
        }

        return problems;
    }
}
