using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Threading.Tasks.Sources;

namespace Redline.Engine;

/// <summary>
/// Wakes the open model's driver when an arrival falls due, to within tens of microseconds: a
/// thread of its own sleeps with nanosleep, where a timer of the runtime's fires on whole
/// milliseconds and then waits for a pool thread (3.4 ms late at p99 at 5,000 arrivals/s). The
/// continuation runs on that thread. One wait at a time, no allocation per wait; Linux only, with
/// the system clock.
/// </summary>
internal sealed partial class PreciseWaiter : IValueTaskSource<bool>, IDisposable
{
    // Past this, a wait is a wait on the token's handle (cancellable at once, about a millisecond
    // coarse); under it, nanosleep.
    private static readonly long Coarse = Stopwatch.Frequency / 500;

    private readonly Thread _thread;
    private readonly AutoResetEvent _request = new(false);
    private ManualResetValueTaskSourceCore<bool> _core = new() { RunContinuationsAsynchronously = false };
    private long _due;
    private CancellationToken _token;
    private volatile bool _disposed;

    private PreciseWaiter()
    {
        _thread = new Thread(Loop) { IsBackground = true, Name = "redline arrivals" };
        _thread.Start();
    }

    /// <summary>A waiter where <paramref name="time"/> is the system clock on Linux; null elsewhere (the caller uses timers).</summary>
    public static PreciseWaiter? For(TimeProvider time) =>
        OperatingSystem.IsLinux() && ReferenceEquals(time, TimeProvider.System) ? new PreciseWaiter() : null;

    /// <summary>Completes with true at <paramref name="due"/> (a Stopwatch timestamp), or false once <paramref name="token"/> is cancelled.</summary>
    public ValueTask<bool> WaitUntilAsync(long due, CancellationToken token)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        _core.Reset();
        _due = due;
        _token = token;
        _request.Set();
        return new ValueTask<bool>(this, _core.Version);
    }

    /// <summary>Ends the thread; safe from the thread itself (a continuation it ran may dispose it), which then ends once that returns.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _request.Set();
        if (Thread.CurrentThread != _thread)
        {
            _thread.Join(TimeSpan.FromSeconds(1));
        }
    }

    bool IValueTaskSource<bool>.GetResult(short token) => _core.GetResult(token);

    ValueTaskSourceStatus IValueTaskSource<bool>.GetStatus(short token) => _core.GetStatus(token);

    void IValueTaskSource<bool>.OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _core.OnCompleted(continuation, state, token, flags);

    private void Loop()
    {
        while (true)
        {
            _request.WaitOne();
            if (_disposed)
            {
                _request.Dispose();
                return;
            }

            var due = _due;
            var token = _token;
            var reached = true;
            while (true)
            {
                if (token.IsCancellationRequested)
                {
                    reached = false;
                    break;
                }

                var remaining = due - Stopwatch.GetTimestamp();
                if (remaining <= 0)
                {
                    break;
                }

                if (remaining > Coarse)
                {
                    // A long gap waits on the token itself, so a stop or a new load level ends it at once;
                    // the last millisecond or so is slept precisely.
                    token.WaitHandle.WaitOne(TimeSpan.FromTicks((remaining - Coarse) * TimeSpan.TicksPerSecond / Stopwatch.Frequency));
                    continue;
                }

                Sleep(remaining);
            }

            // The waiter's continuation (the open driver's loop, which starts the arrival) runs here, on this
            // thread, with no hop to the pool: that hop cost a wake-up per arrival and most of the precision.
            _core.SetResult(reached);
        }
    }

    private static void Sleep(long ticks)
    {
        var nanoseconds = ticks * (1_000_000_000 / Stopwatch.Frequency);
        var request = new TimeSpec { Seconds = nanoseconds / 1_000_000_000, Nanoseconds = nanoseconds % 1_000_000_000 };
        _ = NanoSleep(in request, IntPtr.Zero);
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [LibraryImport("libc", EntryPoint = "nanosleep")]
    private static partial int NanoSleep(in TimeSpec request, IntPtr remaining);
}
