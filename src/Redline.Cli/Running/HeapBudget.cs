using Redline.Engine;

namespace Redline.Cli.Running;

/// <summary>
/// Keeps the generator's own heap from piling up over a long run: after each second, if Redline
/// has allocated more than <see cref="Budget"/> since its last collection, it collects its
/// youngest generation. On a machine with much memory the runtime may pick a gen0 budget so large
/// that it does not collect for minutes while garbage grows by tens of megabytes; this is the
/// budget a smaller machine would have. What survives a few seconds is small, so the collection
/// is short, and it shows in the generator's GC pauses like any other.
/// </summary>
internal sealed class HeapBudget : IIntervalSink
{
    /// <summary>Allocation between collections past which one is made.</summary>
    public const long Budget = 16L << 20;

    private long _allocatedAtLastCollection = GC.GetTotalAllocatedBytes();
    private int _collections = GC.CollectionCount(0);

    public ValueTask OnIntervalAsync(IntervalReport report, CancellationToken cancellationToken)
    {
        var collections = GC.CollectionCount(0);
        var allocated = GC.GetTotalAllocatedBytes();
        if (collections != _collections)
        {
            // The runtime collected by itself: the budget counts from there.
            (_collections, _allocatedAtLastCollection) = (collections, allocated);
        }
        else if (allocated - _allocatedAtLastCollection > Budget)
        {
            GC.Collect(0, GCCollectionMode.Forced, blocking: true);
            (_collections, _allocatedAtLastCollection) = (GC.CollectionCount(0), GC.GetTotalAllocatedBytes());
        }

        return ValueTask.CompletedTask;
    }
}
