using System.Text.Json;

namespace Redline.Engine.Tests.Sinks;

/// <summary>intervals.ndjson read back: the same seconds the run held in memory, histograms included.</summary>
public sealed class IntervalFileReaderTests
{
    private static ScenarioPlan Plan(string name, int rate) => new()
    {
        Name = name,
        Components =
        [
            new ComponentPlan("ok", async (_, token) =>
            {
                await Task.Delay(2, token);
                return Outcome.Ok(200);
            }),
            new ComponentPlan("flaky", async (context, token) =>
            {
                await Task.Delay(1, token);
                return context.Iteration % 7 == 0 ? Outcome.Fail(ErrorKind.Http5xx, "boom", 503) : Outcome.Ok(201);
            }),
        ],
        Load = new OpenLoad(RateSchedule.Constant(rate, TimeSpan.FromSeconds(3)), ArrivalPattern.Poisson, 50, SaturationPolicy.Wait),
        GracefulStop = TimeSpan.FromSeconds(2),
    };

    [Fact]
    public async Task Timeline_TwoScenariosInOneFile_EqualsEachScenarioTimelineHeldInMemory()
    {
        var folder = Directory.CreateTempSubdirectory("redline-intervals-");
        try
        {
            var path = Path.Combine(folder.FullName, "intervals.ndjson");
            RunResult run;
            using (var file = new IntervalFileSink(path))
            {
                var options = new RunOptions { Sinks = [file], TargetSampler = at => new ResourceSample(at, 12.5, 1 << 20, Alive: true) };
                run = await ScenarioRunner.RunAllAsync("suite", [Plan("first", 80), Plan("second <\"quoted\">", 40)], options);
            }

            foreach (var scenario in run.Scenarios)
            {
                var read = IntervalFileReader.Timeline(path, scenario.Name);

                Assert.Equal(scenario.Timeline.Count, read.Count);
                Assert.Equal(Canonical(scenario.Timeline), Canonical(read));
                Assert.Equal(Canonical([scenario.Timeline[^1]]), Canonical([read[read.Count - 1]]));
                Assert.All(read, p => Assert.NotEmpty(p.Total.LatencyHistogram));
            }

            Assert.Equal(run.Scenarios.Sum(s => s.Timeline.Count), IntervalFileReader.Read(path).Count());
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Timeline_RunThatKeepsNoHistograms_StillFindsThemInTheFile()
    {
        var folder = Directory.CreateTempSubdirectory("redline-intervals-");
        try
        {
            var path = Path.Combine(folder.FullName, "intervals.ndjson");
            ScenarioResult lean;
            using (var file = new IntervalFileSink(path))
            {
                lean = await ScenarioRunner.RunAsync(Plan("lean", 60), new RunOptions { Sinks = [file], TimelineHistograms = false });
            }

            // A killed run's last line may be cut short: it is not a second.
            await File.AppendAllTextAsync(path, "{\"scenario\":\"lean\",\"second\":99,\"comp");

            var read = IntervalFileReader.Timeline(path, "lean");

            Assert.All(lean.Timeline, p => Assert.Empty(p.Total.LatencyHistogram));
            Assert.Equal(lean.Timeline.Count, read.Count);
            Assert.Equal(lean.Totals.Requests, read.Sum(p => p.Total.Requests));
            var merged = Histograms.Create();
            foreach (var point in read)
            {
                foreach (var component in point.Components)
                {
                    merged.Add(Histograms.Decode(component.LatencyHistogram));
                }
            }

            Assert.Equal(lean.Totals.Requests, merged.TotalCount);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Timeline_RunThatKeepsNoTimeline_HasTheSameFiguresAndTheFileHasEverySecond()
    {
        var folder = Directory.CreateTempSubdirectory("redline-intervals-");
        try
        {
            var path = Path.Combine(folder.FullName, "intervals.ndjson");
            ScenarioResult bare;
            using (var file = new IntervalFileSink(path))
            {
                bare = await ScenarioRunner.RunAsync(Plan("bare", 60), new RunOptions { Sinks = [file], TimelineHistograms = false, KeepTimeline = false });
            }

            var read = IntervalFileReader.Timeline(path, "bare");

            Assert.Empty(bare.Timeline);
            Assert.True(read.Count >= 2, $"{read.Count} seconds");
            Assert.Equal(bare.Totals.Requests, read.Sum(p => p.Total.Requests));
            Assert.NotNull(bare.Business);
            Assert.Equal(JsonSerializer.Serialize(BusinessReport.From(bare.Totals, read, bare.Resources)), JsonSerializer.Serialize(bare.Business));
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    private static string Canonical(IEnumerable<TimelinePoint> points) => JsonSerializer.Serialize(points.ToList());
}
