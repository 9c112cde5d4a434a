namespace Redline.ReferenceTarget.Mcp;

/// <summary>
/// The baseline profile: every tool call starts cold, as a server spawned per request would. It waits out the
/// server startup and connection setup, then parses and indexes the whole inventory again.
/// </summary>
/// <remarks>
/// The wait is the only simulated cost (<see cref="SetupCost"/> × LatencyScale, the seed's MCP baseline p50 of
/// 150 ms); parsing a couple of thousand JSON entries is real work.
/// </remarks>
internal sealed class ColdInventorySource(byte[] inventoryJson, TimeSpan setup, TimeProvider time) : IInventorySource
{
    /// <summary>Server startup and connection setup at latency scale 1.</summary>
    public static readonly TimeSpan SetupCost = TimeSpan.FromMilliseconds(150);

    /// <inheritdoc />
    public async ValueTask<ClusterInventory> AcquireAsync(CancellationToken cancellationToken)
    {
        if (setup > TimeSpan.Zero)
        {
            await Task.Delay(setup, time, cancellationToken);
        }

        return ClusterInventory.Parse(inventoryJson);
    }
}
