namespace Redline.Engine;

/// <summary>Counts iterations in flight and signals when the last one has finished after the end was called.</summary>
internal sealed class InFlight
{
    private readonly TaskCompletionSource _idle = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _count;
    private volatile bool _closing;

    public int Count => Volatile.Read(ref _count);

    public void Enter() => Interlocked.Increment(ref _count);

    public void Exit()
    {
        if (Interlocked.Decrement(ref _count) == 0 && _closing)
        {
            _idle.TrySetResult();
        }
    }

    /// <summary>Completes once no iteration is in flight; no new ones are expected after this call.</summary>
    public Task WhenIdle()
    {
        _closing = true;
        if (Count == 0)
        {
            _idle.TrySetResult();
        }

        return _idle.Task;
    }
}
