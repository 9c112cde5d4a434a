namespace Redline.Engine.Tests.Execution;

[Collection(WallClockRunCollection.Name)]
public sealed class OpenDriverSaturationTests
{
    private static ScenarioPlan SlowTarget(TimeSpan duration) => new()
    {
        Name = "slow",
        Components = [new ComponentPlan("slow", async (_, token) =>
        {
            await Task.Delay(TimeSpan.FromSeconds(1), token);
            return Outcome.Ok();
        })],
        Load = new OpenLoad(RateSchedule.Constant(20, duration), ArrivalPattern.Uniform, 2, SaturationPolicy.Wait),
        GracefulStop = TimeSpan.FromSeconds(5),
    };

    [Fact]
    public async Task RunAsync_TargetTooSlowForTheRate_EndsOnTimeAndCountsEveryArrival()
    {
        // 60 arrivals due in 3 s, but two slots and 1 s per request: at most ~6 can run.
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var result = await ScenarioRunner.RunAsync(SlowTarget(TimeSpan.FromSeconds(3)));

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(6), $"took {clock.Elapsed}");
        Assert.Equal(60, result.Totals.Requests + result.Totals.DroppedIterations + result.Totals.InterruptedIterations);
        Assert.True(result.Totals.DroppedIterations >= 50, $"{result.Totals.DroppedIterations} dropped");
        Assert.True(result.Totals.LateIterations > 0);
    }

    [Fact]
    public async Task RunAsync_StoppedWhileWaitingForASlot_CountsEveryDueArrivalAsInterrupted()
    {
        // The stop comes 2 s after the first iteration starts, not after the test does: on a busy machine the
        // scenario may start late, and the arrivals due are counted from its start.
        using var stop = new CancellationTokenSource();
        var plan = SlowTarget(TimeSpan.FromSeconds(30));
        var slow = plan.Components[0].Step;
        var armed = 0;
        Step step = (context, token) =>
        {
            if (Interlocked.Exchange(ref armed, 1) == 0)
            {
                stop.CancelAfter(TimeSpan.FromSeconds(2));
            }

            return slow(context, token);
        };

        var result = await ScenarioRunner.RunAsync(plan with { Components = [new ComponentPlan("slow", step)] }, stop: stop.Token);

        // About 40 arrivals fell due in 2 s; all are accounted for, none silently lost.
        var accounted = result.Totals.Requests + result.Totals.InterruptedIterations + result.Totals.DroppedIterations;
        Assert.InRange(accounted, 38, 44);
        Assert.Equal(Verdict.Aborted, result.Verdict);
        Assert.True(result.Totals.InterruptedIterations >= 30, $"{result.Totals.InterruptedIterations} interrupted");
    }
}
