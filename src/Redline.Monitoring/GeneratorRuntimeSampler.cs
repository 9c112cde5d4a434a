using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Tracing;
using Redline.Engine;

namespace Redline.Monitoring;

/// <summary>
/// Redline's own .NET runtime, read in-process: the same figures a target's diagnostics port gives,
/// from the runtime's APIs, and every GC pause from the runtime's GC events.
/// </summary>
/// <remarks>
/// Counts and rates cover the time since the previous <see cref="Sample"/>. % time in GC is the
/// pause time added in the interval over the interval's wall time. Pauses are timed from the
/// suspension of managed threads to their restart, as the runtime's GC events report them.
/// </remarks>
public sealed class GeneratorRuntimeSampler : IRuntimeSampler
{
    private readonly PauseListener _pauses = new();
    private readonly Dictionary<string, string> _unavailable = new(StringComparer.Ordinal);
    private readonly List<double> _drained = [];
    private long _exceptions;
    private long _lastGcIndex;
    private Snapshot _last;

    /// <summary>Takes the baseline that the first sample's rates are measured from.</summary>
    public GeneratorRuntimeSampler()
    {
        AppDomain.CurrentDomain.FirstChanceException += CountException;
        _lastGcIndex = GC.GetGCMemoryInfo(GCKind.Any).Index;
        _last = Snapshot.Take(0);
    }

    /// <inheritdoc />
    public IReadOnlyDictionary<string, string> Unavailable => _unavailable;

    /// <inheritdoc />
    public RuntimeMetrics Sample(TimeSpan elapsed)
    {
        var now = Snapshot.Take(Interlocked.Read(ref _exceptions));
        var before = _last;
        _last = now;
        var seconds = Stopwatch.GetElapsedTime(before.Timestamp, now.Timestamp).TotalSeconds;
        double PerSecond(long count) => seconds > 0 ? Math.Max(0, count) / seconds : 0;

        _drained.Clear();
        while (_pauses.Pauses.TryDequeue(out var pause))
        {
            _drained.Add(pause);
        }

        var paused = (now.PauseTotal - before.PauseTotal).TotalSeconds;
        var lastGc = GC.GetGCMemoryInfo(GCKind.Any);
        long? heapAfterGc = lastGc.Index != _lastGcIndex ? lastGc.HeapSizeBytes : null;
        _lastGcIndex = lastGc.Index;
        return new RuntimeMetrics(
            elapsed,
            Connected: true,
            now.HeapBytes,
            now.Gen0 - before.Gen0,
            now.Gen1 - before.Gen1,
            now.Gen2 - before.Gen2,
            seconds > 0 ? Math.Clamp(100.0 * paused / seconds, 0, 100) : 0,
            [.. _drained],
            PerSecond(now.Allocated - before.Allocated),
            now.PoolThreads,
            now.PoolQueue,
            PerSecond(now.PoolCompleted - before.PoolCompleted),
            PerSecond(now.Contentions - before.Contentions),
            PerSecond(now.Exceptions - before.Exceptions),
            now.WorkingSet)
        {
            HeapAfterGcBytes = heapAfterGc,
        };
    }

    /// <summary>Stops listening to exceptions and GC events.</summary>
    public void Dispose()
    {
        AppDomain.CurrentDomain.FirstChanceException -= CountException;
        _pauses.Dispose();
    }

    private void CountException(object? sender, System.Runtime.ExceptionServices.FirstChanceExceptionEventArgs e) =>
        Interlocked.Increment(ref _exceptions);

    private readonly record struct Snapshot(
        long Timestamp,
        long HeapBytes,
        long Gen0,
        long Gen1,
        long Gen2,
        TimeSpan PauseTotal,
        long Allocated,
        long PoolThreads,
        long PoolQueue,
        long PoolCompleted,
        long Contentions,
        long Exceptions,
        long WorkingSet)
    {
        public static Snapshot Take(long exceptions) => new(
            Stopwatch.GetTimestamp(),
            GC.GetTotalMemory(forceFullCollection: false),
            GC.CollectionCount(0),
            GC.CollectionCount(1),
            GC.CollectionCount(2),
            GC.GetTotalPauseDuration(),
            GC.GetTotalAllocatedBytes(precise: false),
            ThreadPool.ThreadCount,
            ThreadPool.PendingWorkItemCount,
            ThreadPool.CompletedWorkItemCount,
            Monitor.LockContentionCount,
            exceptions,
            Environment.WorkingSet);
    }

    /// <summary>Times each GC pause from the runtime's suspend-begin and restart-end events.</summary>
    private sealed class PauseListener : EventListener
    {
        private const string RuntimeProvider = "Microsoft-Windows-DotNETRuntime";
        private const EventKeywords GcKeyword = (EventKeywords)0x1;
        private const int RestartEndId = 3;
        private const int SuspendBeginId = 9;
        private const int MaxQueued = 100_000;
        private const uint SuspendForGc = 1;
        private const uint SuspendForGcPrep = 6;
        private DateTime? _suspendedAt;

        public ConcurrentQueue<double> Pauses { get; } = new();

        protected override void OnEventSourceCreated(EventSource eventSource)
        {
            if (eventSource.Name == RuntimeProvider)
            {
                EnableEvents(eventSource, EventLevel.Informational, GcKeyword);
            }
        }

        private static bool IsForGc(EventWrittenEventArgs eventData) =>
            eventData.Payload is [var reason, ..] && Convert.ToUInt32(reason, System.Globalization.CultureInfo.InvariantCulture) is SuspendForGc or SuspendForGcPrep;

        protected override void OnEventWritten(EventWrittenEventArgs eventData)
        {
            switch (eventData.EventId)
            {
                case SuspendBeginId:
                    // Threads are suspended for other reasons too (a debugger, the tiered JIT): only a GC's suspension is a GC pause.
                    _suspendedAt = IsForGc(eventData) ? eventData.TimeStamp : null;
                    break;
                case RestartEndId when _suspendedAt is { } start:
                    _suspendedAt = null;
                    if (Pauses.Count < MaxQueued)
                    {
                        Pauses.Enqueue((eventData.TimeStamp - start).TotalMilliseconds);
                    }

                    break;
            }
        }
    }
}
