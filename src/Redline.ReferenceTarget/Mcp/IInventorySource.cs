namespace Redline.ReferenceTarget.Mcp;

/// <summary>Where a tool call gets the cluster inventory; the profiles differ only here.</summary>
internal interface IInventorySource
{
    /// <summary>The inventory, ready to query, after whatever setup this source pays per call.</summary>
    ValueTask<ClusterInventory> AcquireAsync(CancellationToken cancellationToken);
}
