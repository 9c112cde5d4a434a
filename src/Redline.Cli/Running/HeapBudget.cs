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
            NativeHeap.Trim();
        }

        return ValueTask.CompletedTask;
    }

    /// <summary>
    /// The C library's heap. Native memory that the runtime and its libraries free (socket buffers,
    /// event buffers) stays in glibc's per-thread arenas, which a long run with a busy thread pool
    /// fragments: measured, the arenas grew by about 8 MB in two minutes while the managed heap
    /// stayed flat. Trimming hands the free pages back.
    /// </summary>
    private static class NativeHeap
    {
        private static bool _unavailable = !OperatingSystem.IsLinux();

        public static void Trim()
        {
            if (_unavailable)
            {
                return;
            }

            try
            {
                _ = MallocTrim(0);
            }
            catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
            {
                // musl and other C libraries have no malloc_trim: nothing to trim there.
                _unavailable = true;
            }
        }

        [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "malloc_trim")]
        private static extern int MallocTrim(nuint pad);
    }
}
