namespace Redline.Engine.Tests.Execution;

/// <summary>A scenario that ran several times folds into one result: its repeats' seconds back to back, each repeat's figures kept.</summary>
[Collection(WallClockRunCollection.Name)]
public sealed class RepeatMergeTests
{
    // Repeat 1 answers in about 2 ms, repeat 2 in about 6 ms: the folded figures must hold both.
    private static ScenarioPlan Plan(int repeat, int repeats) => new()
    {
        Name = "steady",
        Components = [new ComponentPlan("home", async (_, token) =>
        {
            await Task.Delay(TimeSpan.FromMilliseconds(repeat == 1 ? 2 : 6), token);
            return Outcome.Ok(200);
        })],
        Load = new ClosedLoad(UserSchedule.Constant(2, TimeSpan.FromSeconds(2)), TimeSpan.FromMilliseconds(10)),
        Repeat = repeat,
        Repeats = repeats,
    };

    [Fact]
    public async Task Merge_TwoRepeatsFromTheirFile_OneScenarioWithBothRepeatsSecondsAndEachRepeatsFigures()
    {
        var folder = Directory.CreateTempSubdirectory("redline-repeats-");
        try
        {
            var intervals = Path.Combine(folder.FullName, "intervals.ndjson");
            var eventsPath = Path.Combine(folder.FullName, "events.ndjson");
            var journal = new RunEventJournal();
            var identity = new RunIdentity("run-1", "suite", TimeProvider.System.GetUtcNow(), EnvironmentProbe.Capture());
            var results = new List<ScenarioResult>();
            using (var file = new IntervalFileSink(intervals))
            using (var events = new EventFileSink(eventsPath))
            {
                var options = new RunOptions { Sinks = [file, events], Events = journal, GeneratorCpuSampler = () => 0, TimelineHistograms = false };
                foreach (var repeat in new[] { 1, 2 })
                {
                    var run = ScenarioRunner.RunAsync(Plan(repeat, 2), identity, options);
                    journal.Post(RunEventKind.Note, $"inside repeat {repeat}");
                    results.Add((await run).Result);
                }
            }

            var run1 = ScenarioRunner.Conclude(identity, results, TimeProvider.System.GetUtcNow(), stopped: false);
            var merged = RepeatMerge.Merge(run1, intervals);

            var scenario = Assert.Single(merged.Scenarios);
            Assert.Equal([1, 2], scenario.Repeats.Select(r => r.Number));
            Assert.Equal(results.Sum(r => r.Totals.Requests), scenario.Totals.Requests);
            Assert.Equal(scenario.Repeats.Sum(r => r.Totals.Requests), scenario.Totals.Requests);
            Assert.True(scenario.Repeats[0].Totals.Latency.P50 < 5, $"repeat 1 p50 {scenario.Repeats[0].Totals.Latency.P50}");
            Assert.True(scenario.Repeats[1].Totals.Latency.P50 > 5, $"repeat 2 p50 {scenario.Repeats[1].Totals.Latency.P50}");
            Assert.InRange(scenario.Totals.Latency.Max, scenario.Repeats[1].Totals.Latency.P50, double.MaxValue);

            // One timeline numbered on across the repeats, with the histograms the comparisons read.
            var seconds = scenario.Timeline.Select(p => p.Second).ToList();
            Assert.Equal(Enumerable.Range(0, seconds.Count).Select(i => (long)i), seconds);
            Assert.Equal(results.Sum(r => r.Timeline.Count), seconds.Count);
            Assert.All(scenario.Timeline, p => Assert.Equal(p.Second, p.Total.Second));
            Assert.All(scenario.Timeline, p => Assert.NotEmpty(p.Total.LatencyHistogram));

            // Each repeat's events follow its own seconds; the second repeat's start is marked.
            var offset = TimeSpan.FromSeconds(results[0].Timeline.Count);
            var start = Assert.Single(scenario.Events, e => e.Text == "repeat 2 of 2 started");
            Assert.Equal(offset, start.At);
            Assert.True(scenario.Events.Single(e => e.Text == "inside repeat 2").At >= offset);
            Assert.True(scenario.Events.Single(e => e.Text == "inside repeat 1").At < offset);

            // The files alone rebuild the same result.
            var rebuilt = RepeatMerge.Merge(IntervalFileReader.Rebuild(intervals, eventsPath), intervals);
            var again = Assert.Single(rebuilt.Scenarios);
            Assert.Equal(scenario.Totals.Requests, again.Totals.Requests);
            Assert.Equal(scenario.Totals.Latency, again.Totals.Latency);
            Assert.Equal(scenario.Repeats.Select(r => r.Totals.Requests), again.Repeats.Select(r => r.Totals.Requests));
            Assert.Equal(scenario.Events.Select(e => (e.Text, e.At)), again.Events.Select(e => (e.Text, e.At)));
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public void Merge_RunWithoutRepeats_ComesBackAsItWas()
    {
        var identity = new RunIdentity("run-2", "suite", TimeProvider.System.GetUtcNow(), EnvironmentProbe.Capture());
        var run = ScenarioRunner.Conclude(identity, [], TimeProvider.System.GetUtcNow(), stopped: false);

        Assert.Same(run, RepeatMerge.Merge(run, "no-such-file.ndjson"));
    }

    [Fact]
    public void Spread_ThreeRepeats_MeanDeviationAndCvPerMetric()
    {
        var repeats = new[] { 10.0, 12.0, 14.0 }.Select((p95, i) => new ScenarioRepeat(i + 1, DateTimeOffset.UnixEpoch, TimeSpan.FromSeconds(1), Verdict.Passed, Figures(p95), [])).ToList();

        var p95Spread = RepeatSpread.Of(repeats).Single(s => s.Metric == "response_time_p95");

        Assert.Equal([10.0, 12.0, 14.0], p95Spread.Values);
        Assert.Equal(12, p95Spread.Mean, 9);
        Assert.Equal(2, p95Spread.StandardDeviation, 9);
        Assert.Equal(100.0 / 6, p95Spread.CvPercent, 9);
    }

    private static Measures Figures(double p95) =>
        new(100, 0, 10, new LatencyStats(100, 1, p95 / 2, 1, p95 / 2, p95 / 2, p95 / 2, p95, p95, p95, p95), LatencyStats.Empty, LatencyStats.Empty, LatencyStats.Empty, new Dictionary<string, long>(), new Dictionary<string, long>(), 0, 0, 0, 0);
}
