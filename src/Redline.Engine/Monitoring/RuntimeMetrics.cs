namespace Redline.Engine;

/// <summary>One second of a .NET process's runtime: its System.Runtime counters and the GC pauses that ended in the second.</summary>
/// <remarks>A figure the runtime did not report in the second (an older runtime, a counter not yet published) is null.</remarks>
/// <param name="Elapsed">Time from the scenario's start, stamped by the caller.</param>
/// <param name="Connected">False when the runtime could not be read at all in this second (not .NET, gone, refused); every figure is then null.</param>
/// <param name="GcHeapBytes">Managed heap in use when read (live objects and garbage not yet collected), as GC.GetTotalMemory(false) gives it.</param>
/// <param name="Gen0Collections">Collections of gen 0 in this second. As the runtime counts them, a gen 1 or gen 2 collection also collects gen 0, so this is every collection.</param>
/// <param name="Gen1Collections">Collections of gen 1 (gen 2 collections included) in this second.</param>
/// <param name="Gen2Collections">Collections of gen 2 in this second.</param>
/// <param name="TimeInGcPercent">For a target read over its diagnostics port, the runtime's own counter (the share of time in GC between the last two collections, as dotnet-counters shows it); for the generator, GC pause time in the interval over the interval's length.</param>
/// <param name="GcPausesMs">Each pause (suspension to restart of managed threads) that ended in this second, in milliseconds; empty when none did or pauses cannot be seen.</param>
/// <param name="AllocatedBytesPerSecond">Managed allocation rate.</param>
/// <param name="ThreadPoolThreads">Thread-pool worker threads.</param>
/// <param name="ThreadPoolQueueLength">Work items waiting in the thread pool's queues.</param>
/// <param name="ThreadPoolCompletedPerSecond">Work items the thread pool completed per second.</param>
/// <param name="LockContentionsPerSecond">Times per second a thread waited for a contended monitor lock.</param>
/// <param name="ExceptionsPerSecond">Exceptions thrown per second (first chance).</param>
/// <param name="WorkingSetBytes">The process's working set as the runtime sees it.</param>
public sealed record RuntimeMetrics(
    TimeSpan Elapsed,
    bool Connected,
    long? GcHeapBytes,
    long? Gen0Collections,
    long? Gen1Collections,
    long? Gen2Collections,
    double? TimeInGcPercent,
    IReadOnlyList<double> GcPausesMs,
    double? AllocatedBytesPerSecond,
    long? ThreadPoolThreads,
    long? ThreadPoolQueueLength,
    double? ThreadPoolCompletedPerSecond,
    double? LockContentionsPerSecond,
    double? ExceptionsPerSecond,
    long? WorkingSetBytes)
{
    /// <summary>The managed heap's size right after the last collection that ended in this second (live objects and fragmentation, no garbage); null when none ended.</summary>
    /// <remarks>The heap's trend is measured on these sizes: the in-use size climbs with garbage between collections and would read as growth.</remarks>
    public long? HeapAfterGcBytes { get; init; }

    /// <summary>A second in which the runtime could not be read.</summary>
    public static RuntimeMetrics NotConnected(TimeSpan elapsed) =>
        new(elapsed, false, null, null, null, null, null, [], null, null, null, null, null, null, null);
}
