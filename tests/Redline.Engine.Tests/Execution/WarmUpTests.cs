using Microsoft.Extensions.Time.Testing;

namespace Redline.Engine.Tests.Execution;

public sealed class WarmUpTests
{
    private static ScenarioPlan Plan(Step step, TimeSpan warmUp) => new()
    {
        Name = "warm",
        Components = [new ComponentPlan("c", step)],
        Load = new OpenLoad(RateSchedule.Constant(100, TimeSpan.FromSeconds(3)), ArrivalPattern.Uniform, 100, SaturationPolicy.Wait),
        WarmUp = warmUp,
    };

    [Fact]
    public async Task RunAsync_WarmUp_RunsTheLoadSqueezedFirstAndCountsNoneOfIt()
    {
        var time = new FakeTimeProvider();
        var sink = new CollectingSink();
        var started = 0;
        Step step = (_, _) =>
        {
            Interlocked.Increment(ref started);
            return ValueTask.FromResult(Outcome.Ok(200));
        };
        var run = ScenarioRunner.RunAsync(Plan(step, TimeSpan.FromSeconds(1)), new RunOptions { TimeProvider = time, Sinks = [sink], GeneratorCpuSampler = () => 0 });
        var result = await VirtualClock.FinishAsync(time, run, TimeSpan.FromMilliseconds(10));

        // The warm-up is the 3-second constant rate squeezed into 1 s: 100 arrivals, sent and not counted.
        Assert.Equal(400, Volatile.Read(ref started));
        Assert.Equal(300, result.Totals.Requests);
        Assert.Equal(300, sink.Reports.Sum(r => r.Total.Requests));
        var note = Assert.Single(result.Notes);
        Assert.StartsWith("warmed up for 1s before the clock started", note, StringComparison.Ordinal);
        Assert.EndsWith("100 requests, 0 errors, none counted here", note, StringComparison.Ordinal);
        Assert.Contains(result.Events, e => e.Kind == RunEventKind.Note && e.Text == note);
    }

    [Fact]
    public async Task RunAsync_StoppedDuringTheWarmUp_MeasuresNothingAndSaysSo()
    {
        var time = new FakeTimeProvider();
        using var stop = new CancellationTokenSource();
        var started = 0;
        Step step = (_, _) =>
        {
            if (Interlocked.Increment(ref started) == 10)
            {
                stop.Cancel();
            }

            return ValueTask.FromResult(Outcome.Ok(200));
        };
        var result = await VirtualClock.FinishAsync(time, ScenarioRunner.RunAsync(Plan(step, TimeSpan.FromSeconds(1)), new RunOptions { TimeProvider = time, GeneratorCpuSampler = () => 0 }, stop.Token), TimeSpan.FromMilliseconds(10));

        Assert.Equal(10, Volatile.Read(ref started));
        Assert.Equal(0, result.Totals.Requests);
        Assert.Equal(Verdict.Aborted, result.Verdict);
        Assert.Equal(["stopped by the user during the warm-up, after 10 requests (0 errors); nothing was measured"], result.Notes);
    }

    [Fact]
    public async Task RunAsync_NoWarmUp_SendsOnlyTheMeasuredLoadAndNotesNothing()
    {
        var time = new FakeTimeProvider();
        var started = 0;
        Step step = (_, _) =>
        {
            Interlocked.Increment(ref started);
            return ValueTask.FromResult(Outcome.Ok(200));
        };
        var result = await VirtualClock.FinishAsync(time, ScenarioRunner.RunAsync(Plan(step, TimeSpan.Zero), new RunOptions { TimeProvider = time, GeneratorCpuSampler = () => 0 }), TimeSpan.FromMilliseconds(10));

        Assert.Equal(300, Volatile.Read(ref started));
        Assert.Equal(300, result.Totals.Requests);
        Assert.Empty(result.Notes);
    }
}
