namespace Redline.ReferenceTarget.Mcp;

/// <summary>The cluster's API as the tools reach it: a round trip with a seeded log-normal latency on every call.</summary>
internal sealed class ClusterApi(ReferenceOptions options, TimeProvider time)
{
    private readonly LogNormalDraws _draws = new(options.Seed);

    /// <summary>Waits out one round trip.</summary>
    public Task RoundTripAsync(CancellationToken cancellationToken)
    {
        if (options.LatencyScale <= 0)
        {
            return Task.CompletedTask;
        }

        var ms = _draws.NextMs(McpCosts.ClusterApiMedianMs, McpCosts.ClusterApiSigma) * options.LatencyScale;
        return Task.Delay(TimeSpan.FromMilliseconds(ms), time, cancellationToken);
    }
}
