namespace Redline.Engine.Tests.Execution;

public sealed class GeneratorSaturationTests
{
    [Fact]
    public async Task RunAsync_StepThatBlocksTheScheduler_MarksTheGeneratorSaturated()
    {
        // A step that blocks its caller for 30 ms at 100 arrivals/s: the scheduler cannot keep up,
        // so iterations start ever later against their schedule: the generator's fault, not the target's.
        Step blocking = (_, _) =>
        {
            Thread.Sleep(30);
            return ValueTask.FromResult(Outcome.Ok());
        };
        var plan = new ScenarioPlan
        {
            Name = "blocked",
            Components = [new ComponentPlan("blocking", blocking)],
            Load = new OpenLoad(RateSchedule.Constant(100, TimeSpan.FromSeconds(2)), ArrivalPattern.Uniform, 100, SaturationPolicy.Wait),
            GracefulStop = TimeSpan.FromSeconds(5),
        };

        var result = await ScenarioRunner.RunAsync(plan);

        Assert.True(result.Generator.Saturated);
        Assert.True(result.Generator.ScheduleLagP99Ms > 100, $"lag p99 {result.Generator.ScheduleLagP99Ms} ms");
        Assert.Contains(result.Generator.Reasons, r => r.Contains("ms late at p99 (limit 10 ms)", StringComparison.Ordinal));
        // Without a resource monitor nothing says whose fault it was, and the verdict says so.
        Assert.Equal(SaturationCause.Unknown, result.Generator.Cause);
        Assert.Contains(result.Generator.Reasons, r => r.Contains("no machine figures were read", StringComparison.Ordinal));
    }

    [Fact]
    public async Task RunAsync_AsynchronousStepAtAModestRate_IsNotSaturated()
    {
        Step waiting = async (_, token) =>
        {
            await Task.Delay(5, token);
            return Outcome.Ok();
        };
        var plan = new ScenarioPlan
        {
            Name = "fine",
            Components = [new ComponentPlan("waiting", waiting)],
            Load = new OpenLoad(RateSchedule.Constant(50, TimeSpan.FromSeconds(2)), ArrivalPattern.Uniform, 100, SaturationPolicy.Wait),
            Generator = new GeneratorLimits(TimeSpan.FromMilliseconds(50), 90),
        };

        var result = await ScenarioRunner.RunAsync(plan);

        Assert.False(result.Generator.Saturated, string.Join("; ", result.Generator.Reasons));
        Assert.Equal(100, result.Totals.Requests);
    }

    [Fact]
    public async Task RunAsync_RequestsTheGeneratorCouldNotSend_AreNotTheTargetsErrors_AndFailTheRun()
    {
        // Every fourth request fails for want of a file descriptor; the rest succeed.
        Step step = (context, _) => ValueTask.FromResult(context.Iteration % 4 == 0
            ? Outcome.Fail(ErrorKind.Generator, "the generator ran out of file descriptors (the open-file limit) connecting to 127.0.0.1:80")
            : Outcome.Ok(200));
        var plan = new ScenarioPlan
        {
            Name = "short_of_files",
            Components = [new ComponentPlan("hello", step)],
            Load = new OpenLoad(RateSchedule.Constant(100, TimeSpan.FromSeconds(1)), ArrivalPattern.Uniform, 100, SaturationPolicy.Wait),
        };

        var result = await ScenarioRunner.RunAsync(plan);

        var failedToSend = result.Totals.ErrorsByType["generator"];
        Assert.InRange(failedToSend, 20, 30);
        Assert.Equal(100 - failedToSend, result.Totals.Requests); // what reached the target, alone
        Assert.Equal(0, result.Totals.Errors);
        Assert.Equal(0, result.Totals.ErrorRatePercent);
        Assert.Equal(Verdict.Failed, result.Verdict);
        Assert.True(result.Generator.Saturated);
        Assert.Equal(SaturationCause.Generator, result.Generator.Cause);
        Assert.Contains("could not send", result.StopReason, StringComparison.Ordinal);
        Assert.Contains(result.Generator.Reasons, r => r.Contains("ran out of file descriptors", StringComparison.Ordinal));
    }
}
