using Redline.Cli.Running;
using Redline.Engine;

namespace Redline.Cli.Tests.Running;

/// <summary>Alone, so that no other test's allocations or collections land between a test's two readings.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class HeapBudgetCollection
{
    public const string Name = "heap-budget";
}

[Collection(HeapBudgetCollection.Name)]
public sealed class HeapBudgetTests
{
    private static readonly IntervalReport Second = new(
        "s",
        0,
        [],
        new IntervalSnapshot(0, null, 0, 0, 0, 0, 0, new Dictionary<string, long>(), new Dictionary<string, long>(), LatencyStats.Empty, LatencyStats.Empty, "", ""),
        0,
        0,
        default,
        null);

    [Fact]
    public async Task OnIntervalAsync_MoreThanTheBudgetAllocatedSinceTheLastCollection_CollectsGenerationZero()
    {
        var budget = new HeapBudget();
        var before = GC.CollectionCount(0);
        await budget.OnIntervalAsync(Second, CancellationToken.None);

        // Garbage past the budget, in pieces small enough for gen0.
        var allocated = 0L;
        while (allocated <= HeapBudget.Budget + (1 << 20))
        {
            allocated += new byte[4096].Length;
        }

        var beforeCheck = GC.CollectionCount(0);
        await budget.OnIntervalAsync(Second, CancellationToken.None);

        // Either the runtime collected by itself on the way (the budget then counts afresh), or the budget collected.
        Assert.True(beforeCheck > before || GC.CollectionCount(0) > beforeCheck, $"no collection after {allocated >> 20} MB");
    }

    [Fact]
    public async Task OnIntervalAsync_LittleAllocatedSinceTheLastCollection_DoesNotCollect()
    {
        GC.Collect(0, GCCollectionMode.Forced, blocking: true);
        var budget = new HeapBudget();
        var before = GC.CollectionCount(0);

        await budget.OnIntervalAsync(Second, CancellationToken.None);

        Assert.Equal(before, GC.CollectionCount(0));
    }
}
