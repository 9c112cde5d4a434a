using Microsoft.Extensions.Time.Testing;

namespace Redline.Engine.Tests.Execution;

/// <summary>
/// Drives a run on a <see cref="FakeTimeProvider"/>: moves time to each moment something is due and,
/// before moving on, waits (in real time, bounded) until the engine has done what that moment asks.
/// </summary>
internal static class VirtualClock
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    /// <summary>Advances <paramref name="time"/> through <paramref name="moments"/> in order, awaiting each barrier.</summary>
    public static async Task StepThroughAsync(FakeTimeProvider time, IEnumerable<(TimeSpan At, Func<bool> Done, string What)> moments)
    {
        var start = time.GetUtcNow();
        foreach (var (at, done, what) in moments.OrderBy(m => m.At))
        {
            var now = time.GetUtcNow() - start;
            if (at > now)
            {
                time.Advance(at - now);
            }

            await WaitForAsync(done, $"{what} at {at.TotalSeconds:0.000}s");
        }
    }

    public static async Task WaitForAsync(Func<bool> condition, string what)
    {
        var deadline = TimeProvider.System.GetUtcNow() + Patience;
        while (!condition())
        {
            if (TimeProvider.System.GetUtcNow() > deadline)
            {
                throw new TimeoutException($"The engine did not reach: {what}");
            }

            await Task.Delay(1);
        }
    }

    /// <summary>Advances time in <paramref name="step"/>s until <paramref name="run"/> completes (bounded).</summary>
    public static async Task<T> FinishAsync<T>(FakeTimeProvider time, Task<T> run, TimeSpan step, int maxSteps = 10_000)
    {
        for (var i = 0; i < maxSteps && !run.IsCompleted; i++)
        {
            time.Advance(step);
            await Task.WhenAny(run, Task.Delay(2));
        }

        Assert.True(run.IsCompleted, "the run did not finish");
        return await run;
    }
}

/// <summary>Keeps every interval report.</summary>
internal sealed class CollectingSink : IIntervalSink
{
    private readonly List<IntervalReport> _reports = [];

    public int Count
    {
        get
        {
            lock (_reports)
            {
                return _reports.Count;
            }
        }
    }

    public IReadOnlyList<IntervalReport> Reports
    {
        get
        {
            lock (_reports)
            {
                return [.. _reports];
            }
        }
    }

    public ValueTask OnIntervalAsync(IntervalReport report, CancellationToken cancellationToken)
    {
        lock (_reports)
        {
            _reports.Add(report);
        }

        return ValueTask.CompletedTask;
    }
}
