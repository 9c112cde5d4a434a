namespace Redline.ReferenceTarget.Mcp;

/// <summary>
/// The baseline profile: every tool call starts cold, as a server spawned per request would. It waits out the
/// set-up it is given (<see cref="McpCosts"/>), then parses and indexes the whole inventory again.
/// </summary>
/// <remarks>The wait is simulated; parsing a couple of thousand JSON entries is real work.</remarks>
internal sealed class ColdInventorySource(byte[] inventoryJson, TimeSpan setup, TimeProvider time) : IInventorySource
{
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
