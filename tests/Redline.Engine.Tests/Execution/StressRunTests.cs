using System.Diagnostics;

namespace Redline.Engine.Tests.Execution;

/// <summary>
/// Stress scenarios against a target whose capacity is known in advance: a pacer that serves one
/// request at a time, each for 1/capacity, and queues the rest. Below its capacity answers are
/// quick; above it the queue, and the latency, grow without end.
/// </summary>
[Collection(WallClockRunCollection.Name)]
public sealed class StressRunTests
{
    private sealed class Pacer(double capacity)
    {
        private readonly Lock _lock = new();
        private readonly long _period = (long)(Stopwatch.Frequency / capacity);
        private long _free;

        public Step Step => async (_, token) =>
        {
            long done;
            var now = Stopwatch.GetTimestamp();
            lock (_lock)
            {
                done = Math.Max(now, _free) + _period;
                _free = done;
            }

            await Task.Delay(Stopwatch.GetElapsedTime(now, done), token);
            return Outcome.Ok(200);
        };
    }

    private static StopCondition Condition(string expression, double windowSeconds = 3, int minSamples = 30) =>
        StopCondition.TryParse(expression, out var error) is { } condition
            ? condition with { Window = TimeSpan.FromSeconds(windowSeconds), MinSamples = minSamples }
            : throw new ArgumentException(error);

    private static ScenarioPlan OpenSweep(Step step, double[] rates, TimeSpan stepLength, StressPlan stress) => new()
    {
        Name = "stress",
        Components = [new ComponentPlan("paced", step)],
        Load = new OpenLoad(RateSchedule.FromStages(Stage.Sweep(rates, stepLength), rates[0]), ArrivalPattern.Uniform, 1000, SaturationPolicy.Wait),
        GracefulStop = TimeSpan.FromSeconds(1),
        Stress = stress,
        Generator = new GeneratorLimits(TimeSpan.FromMilliseconds(50), 95),
    };

    [Fact]
    public async Task RunAsync_RateSweepPastAKnownCapacity_BreaksInTheFirstStepAboveItAndStopsAtOnce()
    {
        // Capacity 120 req/s: 40 and 80 hold, 160 breaks (the queue grows by 40 a second).
        var plan = OpenSweep(new Pacer(120).Step, [40, 80, 160, 240], TimeSpan.FromSeconds(3), new StressPlan(Condition("1% error rate OR p95 > 300ms")));

        var result = await ScenarioRunner.RunAsync(plan);

        var found = result.Stress?.Break;
        Assert.NotNull(found);
        Assert.Equal((80.0, 160.0), (found.LastGood!.Load, found.FirstBad!.Load));
        Assert.Equal(3, found.FirstBad.Stage);
        Assert.InRange(found.AtSeconds, 6, 9);
        Assert.Contains("response_time_p95", found.Reason, StringComparison.Ordinal);

        // The ramp stopped within 2 s of the break: no fourth stage, and nothing sent after it.
        var stopped = Assert.Single(result.Events, e => e.Kind == RunEventKind.Stopped);
        Assert.InRange(stopped.At.TotalSeconds - found.AtSeconds, 0, 2);
        Assert.All(result.Timeline.Where(p => p.Second >= found.AtSeconds + 2), p => Assert.Equal(0, p.Load));
        Assert.Equal([1, 2, 3], result.Stages.Select(s => s.Span.Number));
        Assert.Equal(found.AtSeconds, result.Stages[^1].Span.End.TotalSeconds, 0);
        Assert.Contains(result.Events, e => e.Kind == RunEventKind.BreakingPoint);
        Assert.Contains(result.Stress!.Bottlenecks, b => b.Resource == "target_queue");
    }

    [Fact]
    public async Task RunAsync_BisectThenRecovery_NarrowsTheBreakAroundTheCapacityAndMeasuresTheRecovery()
    {
        var plan = OpenSweep(new Pacer(120).Step, [40, 80, 160], TimeSpan.FromSeconds(3), new StressPlan(Condition("p95 > 300ms"))
        {
            Bisect = new BisectPlan(2, TimeSpan.FromSeconds(4)),
            Recovery = new RecoveryPlan(40, TimeSpan.FromSeconds(14)),
        }) with
        {
            Criteria = [Criterion.TryParse("recovery_time", "<10s", out _)!],
        };

        var result = await ScenarioRunner.RunAsync(plan);

        var found = result.Stress!.Break!;
        Assert.Equal(2, found.Probes.Count);
        Assert.Equal(120, found.Probes[0].Load);
        Assert.True(found.LastGood!.Load < found.FirstBad!.Load, $"good {found.LastGood.Load}, bad {found.FirstBad.Load}");
        Assert.InRange(found.LastGood.Load, 80, 126);
        Assert.InRange(found.FirstBad.Load, 114, 160);
        Assert.True(found.FirstBad.Load - found.LastGood.Load <= 40, $"the break was narrowed only to {found.LastGood.Load}-{found.FirstBad.Load}");
        Assert.Equal(["load", "load", "load", "cooldown", "probe"], result.Stages.Select(s => s.Span.Phase).Take(5));
        Assert.Equal("recovery", result.Stages[^1].Span.Phase);
        Assert.Equal(40, result.Stages[^1].Span.To);
        Assert.InRange(result.Stages[^1].Measures.ThroughputRps, 35, 45);

        var recovery = result.Stress.Recovery!;
        Assert.NotNull(recovery.RecoveryTimeSeconds);
        Assert.InRange(recovery.RecoveryTimeSeconds.Value, 0, 4);
        var criterion = Assert.Single(result.Criteria);
        Assert.True(criterion.Passed, $"{criterion.Actual} {criterion.Note}");
    }

    [Fact]
    public async Task RunAsync_ErrorsAfterALongCleanStretch_StopWithinTheWindowNotWhenTheWholeRunFails()
    {
        // Clean for 8 s, then every request fails. Judged over the whole run, 50% errors would come
        // 8 s later; over a 2 s window it holds within about a second.
        var clock = Stopwatch.StartNew();
        Step step = (_, _) => ValueTask.FromResult(clock.Elapsed < TimeSpan.FromSeconds(8) ? Outcome.Ok(200) : Outcome.Fail(ErrorKind.Http5xx, "503", 503));
        var plan = OpenSweep(step, [100], TimeSpan.FromSeconds(20), new StressPlan(Condition("error_rate > 50%", windowSeconds: 2, minSamples: 50)));

        var result = await ScenarioRunner.RunAsync(plan);

        var found = result.Stress?.Break;
        Assert.NotNull(found);
        Assert.InRange(found.AtSeconds, 8, 10.5);
        Assert.True(result.Timeline.Sum(p => p.Total.Requests) < 1100, "the load went on after the break");
        Assert.Null(found.LastGood);
    }

    [Fact]
    public async Task RunAsync_UserSweepPastAKnownCapacity_BreaksAtTheFirstLevelWhoseQueueIsTooLong()
    {
        // 100 req/s served one at a time: n users without think time wait about n × 10 ms.
        var plan = new ScenarioPlan
        {
            Name = "users",
            Components = [new ComponentPlan("paced", new Pacer(100).Step)],
            Load = new ClosedLoad(UserSchedule.Stages(Stage.Sweep([1, 2, 4, 8, 16], TimeSpan.FromSeconds(2)), 1), TimeSpan.Zero),
            GracefulStop = TimeSpan.FromSeconds(1),
            Stress = new StressPlan(Condition("p95 > 60ms", windowSeconds: 1, minSamples: 20)),
            Generator = new GeneratorLimits(TimeSpan.FromMilliseconds(50), 95),
        };

        var result = await ScenarioRunner.RunAsync(plan);

        var found = result.Stress!.Break!;
        Assert.Equal((4.0, 8.0), (found.LastGood!.Load, found.FirstBad!.Load));
        Assert.Equal("users", found.Unit);
        Assert.DoesNotContain(result.Stages, s => s.Span.To == 16);
    }

    [Fact]
    public async Task RunAsync_ConditionNeverHolds_NoBreakAndSaysHowFarItWent()
    {
        var plan = OpenSweep(new Pacer(500).Step, [20, 40], TimeSpan.FromSeconds(2), new StressPlan(Condition("p95 > 1s")) { Recovery = new RecoveryPlan(10, TimeSpan.FromSeconds(5)) });

        var result = await ScenarioRunner.RunAsync(plan);

        Assert.Null(result.Stress!.Break);
        Assert.Null(result.Stress.Recovery);
        Assert.Equal("no break: the stop condition never held, up to 40 req/s", result.Stress.Note);
        Assert.Equal(2, result.Stages.Count);
        Assert.InRange(result.Duration.TotalSeconds, 3.5, 6);
    }
}
