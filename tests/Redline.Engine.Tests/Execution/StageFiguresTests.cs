using System.Text.Json;

namespace Redline.Engine.Tests.Execution;

/// <summary>A load with stages reports each stage's figures: the degradation curve.</summary>
[Collection(WallClockRunCollection.Name)]
public sealed class StageFiguresTests
{
    private static readonly Step Work = async (_, token) =>
    {
        await Task.Delay(TimeSpan.FromMilliseconds(5), token);
        return Outcome.Ok(200);
    };

    private static ScenarioPlan Sweep(IReadOnlyList<Stage> stages, double start) => new()
    {
        Name = "sweep",
        Components = [new ComponentPlan("work", Work)],
        Load = new OpenLoad(RateSchedule.FromStages(stages, start), ArrivalPattern.Uniform, 50, SaturationPolicy.Wait),
        GracefulStop = TimeSpan.FromSeconds(2),
    };

    [Fact]
    public void StageSpan_SweepLevels_EachHeldForItsStepFromItsOwnLevel()
    {
        var spans = StageSpan.Of(new ClosedLoad(UserSchedule.Stages(Stage.Sweep([1, 10, 50], TimeSpan.FromSeconds(30)), 1), TimeSpan.Zero));

        Assert.Equal([1, 2, 3], spans.Select(s => s.Number));
        Assert.Equal([0.0, 30, 60], spans.Select(s => s.Start.TotalSeconds));
        Assert.Equal([30.0, 60, 90], spans.Select(s => s.End.TotalSeconds));
        Assert.All(spans, s => Assert.Equal(s.From, s.To));
        Assert.Equal([1.0, 10, 50], spans.Select(s => s.To));
        Assert.All(spans, s => Assert.Equal("users", s.Unit));
        Assert.Equal(10, UserSchedule.Stages(Stage.Sweep([1, 10, 50], TimeSpan.FromSeconds(30)), 1).UsersAt(TimeSpan.FromSeconds(31)));
    }

    [Fact]
    public void StageSpan_RampStages_MoveFromTheLastTargetAndAFlatLoadHasNone()
    {
        var spans = StageSpan.Of(new OpenLoad(RateSchedule.FromStages([new Stage(TimeSpan.FromSeconds(10), 100), new Stage(TimeSpan.FromSeconds(20), 100)]), ArrivalPattern.Uniform, 10, SaturationPolicy.Wait));

        Assert.Equal([(0.0, 100.0), (100.0, 100.0)], spans.Select(s => (s.From, s.To)));
        Assert.Equal("req/s", spans[0].Unit);
        Assert.Empty(StageSpan.Of(new OpenLoad(RateSchedule.Constant(10, TimeSpan.FromSeconds(5)), ArrivalPattern.Uniform, 10, SaturationPolicy.Wait)));
    }

    [Fact]
    public async Task RunAsync_TwoLevelRateSweep_EachStageHasItsOwnThroughputAndTheFileRebuildsThem()
    {
        var folder = Directory.CreateTempSubdirectory("redline-stages-");
        try
        {
            var path = Path.Combine(folder.FullName, "intervals.ndjson");
            RunResult run;
            using (var file = new IntervalFileSink(path))
            {
                run = await ScenarioRunner.RunAllAsync("suite", [Sweep(Stage.Sweep([20, 60], TimeSpan.FromSeconds(2)), 20)], new RunOptions { Sinks = [file], GeneratorCpuSampler = () => 0, TimelineHistograms = false });
            }

            var scenario = run.Scenarios[0];
            Assert.Equal(2, scenario.Stages.Count);
            var (low, high) = (scenario.Stages[0], scenario.Stages[1]);
            Assert.InRange(low.Measures.Requests, 36, 44);
            Assert.InRange(high.Measures.Requests, 110, 130);
            Assert.InRange(high.Measures.ThroughputRps, 55, 65);
            Assert.True(low.Measures.Latency.P50 >= 5, $"stage 1 p50 {low.Measures.Latency.P50}");
            Assert.Equal(scenario.Totals.Requests, low.Measures.Requests + high.Measures.Requests + scenario.Timeline.Where(p => p.Second >= 4).Sum(p => p.Total.Requests));
            Assert.Contains(scenario.Events, e => e.Text == "stage 2 of 2: 60 req/s for 2 s");

            var rebuilt = IntervalFileReader.Rebuild(path, null).Scenarios[0];
            Assert.Equal(JsonSerializer.Serialize(scenario.Stages), JsonSerializer.Serialize(rebuilt.Stages));
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }
}
