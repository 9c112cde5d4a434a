namespace Redline.Engine;

/// <summary>
/// Counts iterations in flight, keeps the count's integral over time (so that a second's mean
/// concurrency is exact, not a reading at one moment), and signals when the last one has finished
/// after the end was called.
/// </summary>
internal sealed class InFlight(TimeProvider time)
{
    private readonly TaskCompletionSource _idle = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Lock _lock = new();
    private int _count;
    private int _closing;
    private long _last = time.GetTimestamp();
    private long _since = time.GetTimestamp();
    private double _area;

    public int Count => Volatile.Read(ref _count);

    public void Enter()
    {
        lock (_lock)
        {
            Accumulate(time.GetTimestamp());
            _count++;
        }
    }

    public void Exit()
    {
        int left;
        lock (_lock)
        {
            Accumulate(time.GetTimestamp());
            left = --_count;
        }

        if (left == 0 && Volatile.Read(ref _closing) == 1)
        {
            _idle.TrySetResult();
        }
    }

    /// <summary>The mean count since the last call (time-weighted), and starts a new span.</summary>
    public double TakeMean()
    {
        lock (_lock)
        {
            var now = time.GetTimestamp();
            Accumulate(now);
            var mean = now > _since ? _area / (now - _since) : _count;
            _area = 0;
            _since = now;
            return mean;
        }
    }

    /// <summary>Completes once no iteration is in flight; no new ones are expected after this call.</summary>
    public Task WhenIdle()
    {
        // A full fence, so that this write and the read of the count below are not reordered
        // against an Exit on another thread: otherwise both could miss the zero.
        Interlocked.Exchange(ref _closing, 1);
        if (Count == 0)
        {
            _idle.TrySetResult();
        }

        return _idle.Task;
    }

    private void Accumulate(long now)
    {
        if (now > _last)
        {
            _area += (double)_count * (now - _last);
            _last = now;
        }
    }
}
