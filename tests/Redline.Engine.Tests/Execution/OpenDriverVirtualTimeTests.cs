using Microsoft.Extensions.Time.Testing;

namespace Redline.Engine.Tests.Execution;

public sealed class OpenDriverVirtualTimeTests
{
    private static async Task<(ScenarioResult Result, IReadOnlyList<IntervalReport> Reports)> RunAsync(RateSchedule schedule, int components = 1)
    {
        var time = new FakeTimeProvider();
        var sink = new CollectingSink();
        var started = 0;
        Step step = (_, _) =>
        {
            Interlocked.Increment(ref started);
            return ValueTask.FromResult(Outcome.Ok(200));
        };
        var plan = new ScenarioPlan
        {
            Name = "virtual",
            Components = [.. Enumerable.Range(0, components).Select(i => new ComponentPlan($"c{i}", step))],
            Load = new OpenLoad(schedule, ArrivalPattern.Uniform, 100, SaturationPolicy.Wait),
        };
        var run = ScenarioRunner.RunAsync(plan, new RunOptions { TimeProvider = time, Sinks = [sink], GeneratorCpuSampler = () => 0 });

        // The moments the engine must act on: every arrival (computed by the schedule, which the
        // assertions below check against closed-form counts) and every second's close.
        var moments = new List<(TimeSpan, Func<bool>, string)>();
        var clock = new ArrivalClock(schedule, ArrivalPattern.Uniform, 1);
        for (var n = 1; clock.TryNext(out var offset); n++)
        {
            var expected = n;
            moments.Add((offset, () => Volatile.Read(ref started) >= expected, $"arrival {n}"));
        }

        var seconds = (int)Math.Ceiling(schedule.Duration.TotalSeconds);
        for (var k = 1; k < seconds; k++)
        {
            var closed = k;
            moments.Add((TimeSpan.FromSeconds(k) + TimeSpan.FromMilliseconds(50), () => sink.Count >= closed, $"close of second {k - 1}"));
        }

        await VirtualClock.StepThroughAsync(time, moments);
        var result = await VirtualClock.FinishAsync(time, run, TimeSpan.FromMilliseconds(10));
        return (result, sink.Reports);
    }

    [Fact]
    public async Task RunAsync_ConstantRate_EverySecondCountsExactly()
    {
        var (result, reports) = await RunAsync(RateSchedule.Constant(100, TimeSpan.FromSeconds(5)));

        Assert.Equal(Enumerable.Repeat(100L, 5), reports.Take(5).Select(r => r.Total.Requests));
        Assert.Equal(500, result.Totals.Requests);
        Assert.Equal(0, result.Totals.LateIterations);
        Assert.Equal(100, result.Totals.ThroughputRps, 0);
    }

    [Fact]
    public async Task RunAsync_Ramp_SecondsFollowTheRampExactly()
    {
        // 0 -> 40/s over 4 s: Λ(t) = 5t², so the seconds hold 5, 15, 25, 35.
        var (_, reports) = await RunAsync(RateSchedule.FromStages([new Stage(TimeSpan.FromSeconds(4), 40)]));

        Assert.Equal([5L, 15, 25, 35], reports.Take(4).Select(r => r.Total.Requests));
        Assert.InRange(reports[2].Load, 30, 31);
    }

    [Fact]
    public async Task RunAsync_Burst_LandsInItsSecondsOnly()
    {
        var schedule = RateSchedule.Constant(20, TimeSpan.FromSeconds(6))
            .WithBurst(new Burst(80, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(2)));

        var (_, reports) = await RunAsync(schedule);

        // A trailing second closed after the last arrival, if any, is empty.
        Assert.Equal([20L, 20, 100, 20, 20, 100], reports.Take(6).Select(r => r.Total.Requests));
        Assert.All(reports.Skip(6), r => Assert.Equal(0, r.Total.Requests));
    }

    [Fact]
    public async Task RunAsync_RequestMix_ComponentsShareEveryRequestAndIntervalsSumToTotals()
    {
        var (result, reports) = await RunAsync(RateSchedule.Constant(100, TimeSpan.FromSeconds(3)), components: 3);

        Assert.Equal(300, result.Totals.Requests);
        Assert.Equal(300, result.Components.Sum(c => c.Measures.Requests));
        Assert.All(result.Components, c => Assert.InRange(c.Measures.Requests, 70, 130));
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(result.Components[i].Measures.Requests, reports.Sum(r => r.Components[i].Requests));
        }
    }
}
