using Redline.Engine.Tests.Monitoring;

namespace Redline.Engine.Tests.Execution;

public sealed class MonitorReaderTests
{
    private static readonly ScriptedResourceMonitor Monitor = new(e => new ResourceFrame(e, Frames.Process(e), null, null, null));

    [Fact]
    public void Read_SecondsClosedBackToBack_KeepsOnlyReadsHalfASecondApart()
    {
        var reader = new MonitorReader(Monitor);
        reader.Restart();

        var first = reader.Read(TimeSpan.FromSeconds(1.05), TimeSpan.FromSeconds(1));
        var tooSoon = reader.Read(TimeSpan.FromSeconds(1.06), TimeSpan.FromSeconds(2));
        var later = reader.Read(TimeSpan.FromSeconds(1.55), TimeSpan.FromSeconds(3));

        Assert.NotNull(first);
        Assert.Null(tooSoon);
        Assert.NotNull(later);
        Assert.Equal(TimeSpan.FromSeconds(3), later.Elapsed);
    }

    [Fact]
    public void Read_FirstOfTheScenario_IsKeptWhateverTheClockSaidBefore()
    {
        var reader = new MonitorReader(Monitor);
        reader.Restart();

        Assert.NotNull(reader.Read(TimeSpan.FromMilliseconds(10), TimeSpan.FromSeconds(1)));
    }

    [Fact]
    public void Read_MonitorThrows_IsSwitchedOffAndKeepsTheFailure()
    {
        var calls = 0;
        var failing = new ScriptedResourceMonitor(e => ++calls == 2 ? throw new IOException("proc vanished") : new ResourceFrame(e, null, null, null, null));
        var reader = new MonitorReader(failing);
        reader.Restart();

        var failed = reader.Read(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));
        var after = reader.Read(TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(2));

        Assert.Null(failed);
        Assert.Null(after);
        Assert.Equal(2, calls);
        Assert.Equal("proc vanished", reader.Failure?.Message);
    }

    [Fact]
    public async Task RunAsync_MonitorThrowsMidRun_FinishesWithANote()
    {
        var calls = 0;
        var failing = new ScriptedResourceMonitor(e => ++calls == 3 ? throw new InvalidOperationException("boom") : new ResourceFrame(e, Frames.Process(e), null, null, null));
        var plan = new ScenarioPlan
        {
            Name = "s",
            Components = [new ComponentPlan("c", (_, _) => ValueTask.FromResult(Outcome.Ok(200)))],
            Load = new OpenLoad(RateSchedule.Constant(20, TimeSpan.FromSeconds(3)), ArrivalPattern.Uniform, 10, SaturationPolicy.Wait),
        };

        var result = await ScenarioRunner.RunAsync(plan, new RunOptions { Resources = failing });

        Assert.Contains(result.Notes, n => n.Contains("resource monitor failed and was switched off: boom", StringComparison.Ordinal));
        Assert.NotNull(result.Resources);
        Assert.True(result.Totals.Requests > 0);
    }
}
