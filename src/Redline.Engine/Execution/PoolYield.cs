using System.Runtime.CompilerServices;

namespace Redline.Engine;

/// <summary>
/// Yields to the thread pool, whatever synchronization context the current thread has.
/// <c>Task.Yield()</c> would post to a captured context (a test framework's, say), where a
/// virtual user's loop has no business running.
/// </summary>
internal readonly struct PoolYield : ICriticalNotifyCompletion
{
    public bool IsCompleted => false;

    public PoolYield GetAwaiter() => this;

    public void GetResult()
    {
    }

    public void OnCompleted(Action continuation) => ThreadPool.QueueUserWorkItem(static c => c(), continuation, preferLocal: false);

    public void UnsafeOnCompleted(Action continuation) => ThreadPool.UnsafeQueueUserWorkItem(static c => c(), continuation, preferLocal: false);
}
