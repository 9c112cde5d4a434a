using HdrHistogram;
using Redline.Engine;
using Redline.Results.History;

namespace Redline.Results.Tests.History;

/// <summary>Retention tiers and rollups; run against SQLite and PostgreSQL by the subclasses.</summary>
public abstract class RetentionContract(IStoreFactory factory) : StoreTestBase(factory)
{
    // Run "a" straddles 10:00-11:00 and 11:00-12:00; "b" shares a's first hour; "c" is on another machine.
    private static readonly DateTimeOffset AStart = new(2025, 3, 10, 10, 59, 30, TimeSpan.Zero);
    private static readonly RunResult A = SampleRuns.Synthetic("a", AStart, seconds: 60, seed: 1);
    private static readonly RunResult B = SampleRuns.Synthetic("b", AStart.AddMinutes(-40), seconds: 30, seed: 2);
    private static readonly RunResult C = SampleRuns.Synthetic("c", AStart, seconds: 10, seed: 3, environment: SampleRuns.Environment("fp-b"));
    private static readonly DateTimeOffset AfterRaw = AStart.AddDays(8);
    private static readonly double[] Percentiles = [0, 10, 50, 75, 90, 95, 99, 99.9, 100];

    [Fact]
    public async Task PruneAsync_RawIntervalsPastHorizon_RollUpIntoHourlyBucketsWithExactCountsAndPercentiles()
    {
        var store = await StoreWithRunsAsync();
        var recent = SampleRuns.Synthetic("recent", AfterRaw.AddDays(-1), seconds: 5, seed: 4);
        await store.SaveRunAsync(recent);

        var result = await store.PruneAsync(RetentionPolicy.Default, AfterRaw);

        Assert.Equal(3, result.RunsRolledUp);
        Assert.Equal((60 + 30 + 10) * 3, result.IntervalsRolledUp);
        var hourly = await store.ListRollupsAsync(new RollupQuery("shop") { Granularity = RollupGranularity.Hour, Fingerprint = "fp-a" });
        Assert.Equal(2 * 3, hourly.Count);
        foreach (var bucket in hourly)
        {
            AssertMatchesRaw(bucket, [A, B]);
        }

        Assert.Equal(3, (await store.ListRollupsAsync(new RollupQuery("shop") { Fingerprint = "fp-b" })).Count);
        var pruned = await store.LoadRunAsync("a");
        Assert.Empty(pruned!.Result.Scenarios[0].Timeline);
        Assert.Empty(pruned.Result.Scenarios[0].Target!.Samples);
        Assert.Equal(AfterRaw, pruned.Info.IntervalsPrunedAt);
        RunAssert.Same(A.Scenarios[0].Totals, pruned.Result.Scenarios[0].Totals);
        var kept = await store.LoadRunAsync("recent");
        RunAssert.Same(recent, kept!.Result);
    }

    [Fact]
    public async Task PruneAsync_HourlyPastHorizon_MergesIntoOneDailyBucketExactly()
    {
        var store = await StoreWithRunsAsync();
        await store.PruneAsync(RetentionPolicy.Default, AfterRaw);

        var result = await store.PruneAsync(RetentionPolicy.Default, AStart.AddDays(31));

        Assert.Equal(3 * 3, result.HourlyRollupsMerged);
        Assert.Empty(await store.ListRollupsAsync(new RollupQuery("shop") { Granularity = RollupGranularity.Hour }));
        var daily = await store.ListRollupsAsync(new RollupQuery("shop") { Granularity = RollupGranularity.Day, Fingerprint = "fp-a" });
        Assert.Equal(3, daily.Count);
        Assert.All(daily, d => Assert.Equal(new DateTimeOffset(2025, 3, 10, 0, 0, 0, TimeSpan.Zero), d.Start));
        foreach (var bucket in daily)
        {
            AssertMatchesRaw(bucket, [A, B]);
        }

        var total = Assert.Single(daily, d => d.Component is null);
        Assert.Equal(A.Scenarios[0].Totals.Requests + B.Scenarios[0].Totals.Requests, total.Requests);
        Assert.Equal(A.Scenarios[0].Totals.Errors + B.Scenarios[0].Totals.Errors, total.Errors);
        Assert.Equal(90, total.Seconds);
    }

    [Fact]
    public async Task PruneAsync_RawAndHourlyAtOnce_GoStraightToDaily()
    {
        var store = await StoreWithRunsAsync();

        var result = await store.PruneAsync(RetentionPolicy.Default, AStart.AddDays(40));

        Assert.Equal(3, result.RunsRolledUp);
        Assert.Empty(await store.ListRollupsAsync(new RollupQuery("shop") { Granularity = RollupGranularity.Hour }));
        foreach (var bucket in await store.ListRollupsAsync(new RollupQuery("shop") { Fingerprint = "fp-a" }))
        {
            AssertMatchesRaw(bucket, [A, B]);
        }
    }

    [Fact]
    public async Task PruneAsync_DailyPastHorizon_DeletesBucketsButKeepsRunsBaselinesAndReports()
    {
        var store = await StoreWithRunsAsync();
        await store.SetBaselineAsync("main", "a");
        await store.SaveReportAsync(new StoredReport("rep", "shop", "steady", "b", "a", "none", AStart, "{}"));
        await store.PruneAsync(RetentionPolicy.Default, AStart.AddDays(40));

        var result = await store.PruneAsync(RetentionPolicy.Default, AStart.AddDays(367));

        Assert.Equal(6, result.DailyRollupsDeleted);
        Assert.Empty(await store.ListRollupsAsync(new RollupQuery("shop")));
        Assert.Equal(["c", "a", "b"], (await store.ListRunsAsync(new RunQuery())).Select(r => r.Id));
        RunAssert.Same(B.Scenarios[0].Totals, (await store.GetRunAsync("b"))!.Summary("steady")!.Measures);
        Assert.Equal("a", (await store.GetBaselineAsync("main"))?.RunId);
        Assert.NotNull(await store.GetReportAsync("rep"));
    }

    [Fact]
    public async Task PruneAsync_NothingPastAnyHorizon_ChangesNothing()
    {
        var store = await StoreWithRunsAsync();

        var early = await store.PruneAsync(RetentionPolicy.Default, AStart.AddDays(6));

        Assert.Equal(new PruneResult(0, 0, 0, 0), early);
        RunAssert.Same(A, (await store.LoadRunAsync("a"))!.Result);
        Assert.Empty(await store.ListRollupsAsync(new RollupQuery("shop")));
    }

    [Fact]
    public async Task PruneAsync_Repeated_RollsUpOnlyOnce()
    {
        var store = await StoreWithRunsAsync();
        await store.PruneAsync(RetentionPolicy.Default, AfterRaw);
        var before = await store.ListRollupsAsync(new RollupQuery("shop"));

        var again = await store.PruneAsync(RetentionPolicy.Default, AfterRaw.AddHours(1));

        Assert.Equal(new PruneResult(0, 0, 0, 0), again);
        var after = await store.ListRollupsAsync(new RollupQuery("shop"));
        Assert.Equal(before.Select(b => (b.Start, b.Component, b.Requests, b.LatencyHistogram)), after.Select(b => (b.Start, b.Component, b.Requests, b.LatencyHistogram)));
    }

    [Fact]
    public async Task PruneAsync_CustomPolicy_UsesItsHorizons()
    {
        var store = await StoreWithRunsAsync();
        var policy = new RetentionPolicy(TimeSpan.FromHours(1), TimeSpan.FromDays(2), TimeSpan.FromDays(3));

        var result = await store.PruneAsync(policy, A.EndedAt.AddHours(1));

        Assert.Equal(3, result.RunsRolledUp);
        Assert.Equal(9, (await store.ListRollupsAsync(new RollupQuery("shop") { Granularity = RollupGranularity.Hour })).Count);
    }

    /// <summary>A fresh store with runs a, b and c saved.</summary>
    private async Task<IHistoryStore> StoreWithRunsAsync()
    {
        var store = await OpenAsync();
        foreach (var run in new[] { A, B, C })
        {
            await store.SaveRunAsync(run);
        }

        return store;
    }

    /// <summary>The bucket equals the merge of the raw seconds it covers, counted and merged here from the runs themselves.</summary>
    private static void AssertMatchesRaw(RollupBucket bucket, IReadOnlyList<RunResult> runs)
    {
        var size = bucket.Granularity == RollupGranularity.Hour ? TimeSpan.FromHours(1) : TimeSpan.FromDays(1);
        var latency = Histograms.Create();
        var service = Histograms.Create();
        long requests = 0, errors = 0, seconds = 0;
        foreach (var scenario in runs.SelectMany(r => r.Scenarios).Where(s => s.Name == bucket.Scenario))
        {
            foreach (var point in scenario.Timeline)
            {
                var at = scenario.StartedAt.AddSeconds(point.Second);
                if (at < bucket.Start || at >= bucket.Start + size)
                {
                    continue;
                }

                var snapshot = bucket.Component is null ? point.Total : point.Components.Single(c => c.Component == bucket.Component);
                latency.Add(Histograms.Decode(snapshot.LatencyHistogram));
                service.Add(Histograms.Decode(snapshot.ServiceHistogram));
                requests += snapshot.Requests;
                errors += snapshot.Errors;
                seconds++;
            }
        }

        Assert.True(seconds > 0, $"no raw seconds fall in {bucket.Start:O}");
        Assert.Equal((requests, errors, seconds), (bucket.Requests, bucket.Errors, bucket.Seconds));
        AssertSamePercentiles(latency, Histograms.Decode(bucket.LatencyHistogram));
        AssertSamePercentiles(service, Histograms.Decode(bucket.ServiceHistogram));
    }

    private static void AssertSamePercentiles(HistogramBase expected, HistogramBase actual)
    {
        Assert.Equal(expected.TotalCount, actual.TotalCount);
        foreach (var percentile in Percentiles)
        {
            Assert.Equal(expected.GetValueAtPercentile(percentile), actual.GetValueAtPercentile(percentile));
        }

        Assert.Equal(expected.GetMaxValue(), actual.GetMaxValue());
        Assert.Equal(expected.GetMean(), actual.GetMean());
    }
}
