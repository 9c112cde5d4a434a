using System.Collections.Concurrent;
using Microsoft.Extensions.Time.Testing;

namespace Redline.Engine.Tests.Execution;

public sealed class ClosedDriverVirtualTimeTests
{
    [Fact]
    public async Task RunAsync_RampUp_StartsEachUserWhenTheRampReachesIt_AndInterruptsWhatOutlivesTheGracefulStop()
    {
        var time = new FakeTimeProvider();
        var firstSeen = new ConcurrentDictionary<int, TimeSpan>();
        var origin = time.GetTimestamp();
        Step step = async (context, token) =>
        {
            // The timer is registered before the barrier sees this iteration, so the test never moves time past it unseen.
            var delay = Task.Delay(TimeSpan.FromSeconds(20), time, token);
            firstSeen.TryAdd(context.VirtualUser, time.GetElapsedTime(origin));
            await delay;
            return Outcome.Ok(200);
        };
        var plan = new ScenarioPlan
        {
            Name = "ramp",
            Components = [new ComponentPlan("slow", step)],
            Load = new ClosedLoad(UserSchedule.Ramped(10, TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(12), TimeSpan.Zero), TimeSpan.Zero),
            GracefulStop = TimeSpan.FromMilliseconds(300),
        };
        var run = ScenarioRunner.RunAsync(plan, new RunOptions { TimeProvider = time, GeneratorCpuSampler = () => 0 });

        // Users = round(t) on the ramp, so user n joins at the first controller tick at or after n + 0.5 s.
        var moments = Enumerable.Range(1, 120).Select(i =>
        {
            var at = TimeSpan.FromMilliseconds(100 * i);
            var expected = Math.Min(10, (int)Math.Floor(at.TotalSeconds + 0.5 + 1e-9));
            return (at, (Func<bool>)(() => firstSeen.Count >= expected), $"{expected} users");
        });
        await VirtualClock.StepThroughAsync(time, moments);
        var result = await VirtualClock.FinishAsync(time, run, TimeSpan.FromMilliseconds(10));

        Assert.Equal(Enumerable.Range(0, 10).Select(n => TimeSpan.FromSeconds(n + 0.5)), firstSeen.OrderBy(p => p.Key).Select(p => p.Value));

        // At 12 s every user is inside its first 20-second step; the 0.3 s graceful stop cancels all ten.
        Assert.Equal(10, result.Totals.InterruptedIterations);
        Assert.Equal(0, result.Totals.Requests);
        Assert.Equal(Verdict.Passed, result.Verdict);
    }

    [Fact]
    public async Task RunAsync_UserStop_EndsGracefullyWithVerdictAborted()
    {
        var time = new FakeTimeProvider();
        using var stop = new CancellationTokenSource();
        var started = 0;
        Step step = async (_, token) =>
        {
            var delay = Task.Delay(TimeSpan.FromMilliseconds(200), time, token);
            Interlocked.Increment(ref started);
            await delay;
            return Outcome.Ok(200);
        };
        var plan = new ScenarioPlan
        {
            Name = "stop",
            Components = [new ComponentPlan("c", step)],
            Load = new ClosedLoad(UserSchedule.Constant(3, TimeSpan.FromSeconds(60)), TimeSpan.Zero),
        };
        var run = ScenarioRunner.RunAsync(plan, new RunOptions { TimeProvider = time, GeneratorCpuSampler = () => 0 }, stop.Token);

        // Three users, 200 ms per iteration: by t, 3 × (⌊t / 0.2⌋ + 1) iterations have started.
        var moments = Enumerable.Range(0, 31).Select(i =>
        {
            var expected = 3 * ((i / 2) + 1);
            return (TimeSpan.FromMilliseconds(100 * i), (Func<bool>)(() => Volatile.Read(ref started) >= expected), $"{expected} iterations");
        });
        await VirtualClock.StepThroughAsync(time, moments);
        await stop.CancelAsync();
        var result = await VirtualClock.FinishAsync(time, run, TimeSpan.FromMilliseconds(50));

        Assert.Equal(Verdict.Aborted, result.Verdict);
        Assert.Contains("stopped by the user", result.StopReason, StringComparison.Ordinal);
        Assert.Equal(48, result.Totals.Requests);
        Assert.Equal(0, result.Totals.InterruptedIterations);
    }
}
