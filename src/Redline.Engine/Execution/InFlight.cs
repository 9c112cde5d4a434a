namespace Redline.Engine;

/// <summary>Counts iterations in flight and signals when the last one has finished after the end was called.</summary>
internal sealed class InFlight
{
    private readonly TaskCompletionSource _idle = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _count;
    private int _closing;

    public int Count => Volatile.Read(ref _count);

    public void Enter() => Interlocked.Increment(ref _count);

    public void Exit()
    {
        if (Interlocked.Decrement(ref _count) == 0 && Volatile.Read(ref _closing) == 1)
        {
            _idle.TrySetResult();
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
}
