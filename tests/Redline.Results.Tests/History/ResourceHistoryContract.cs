using Redline.Engine;
using Redline.Results.History;

namespace Redline.Results.Tests.History;

/// <summary>Resource reports and business metrics in the history; run against SQLite and PostgreSQL by the subclasses.</summary>
public abstract class ResourceHistoryContract(IStoreFactory factory) : StoreTestBase(factory)
{
    private static readonly DateTimeOffset T0 = new(2025, 3, 10, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task SaveRunAsync_ScenariosWithMeasuredUnsupportedAndNoResources_LoadsBackEqualReports()
    {
        var store = await OpenAsync();
        var run = RunWithResources("r1", T0);

        await store.SaveRunAsync(run);
        var loaded = (await store.LoadRunAsync("r1"))!.Result;

        RunAssert.Same(run, loaded);
        var measured = loaded.Scenarios[0].Resources!;
        Assert.Equal("measured", measured.Status);
        Assert.Equal([null, null, null, null, 12], measured.Find("target.runtime.thread_pool_threads")!.Values.Take(5));
        Assert.Null(measured.Summary("target.runtime.thread_pool_queue"));
        Assert.Equal(new GcPauseSummary(0, 0, 0, 0, 0, 0), measured.GeneratorGcPauses);
        Assert.Equal("unsupported", loaded.Scenarios[1].Resources!.Status);
        Assert.Empty(loaded.Scenarios[1].Resources!.Series);
        Assert.Null(loaded.Scenarios[2].Resources);
    }

    [Fact]
    public async Task SaveRunAsync_ResourceSeries_KeepsSummariesInColumnsForSql()
    {
        var store = await OpenAsync();
        var run = RunWithResources("r1", T0);
        await store.SaveRunAsync(run);

        var cpu = run.Scenarios[0].Resources!.Summary("target.cpu_percent")!;
        const string Where = "FROM resource_series WHERE run_id = 'r1' AND scenario = 'steady' AND name = 'target.cpu_percent'";

        Assert.Equal(cpu.Count, await RawSql.ScalarAsync(Address, $"SELECT value_count {Where}"));
        Assert.Equal(cpu.P95.ToString("R", System.Globalization.CultureInfo.InvariantCulture), await RawSql.TextAsync(Address, $"SELECT value_p95 {Where}"));
        Assert.Equal(6, await RawSql.ScalarAsync(Address, "SELECT COUNT(*) FROM resource_series WHERE run_id = 'r1' AND scenario = 'steady'"));
        Assert.Equal(0, await RawSql.ScalarAsync(Address, "SELECT value_count FROM resource_series WHERE run_id = 'r1' AND name = 'target.runtime.thread_pool_queue'"));
        Assert.Equal(2, await RawSql.ScalarAsync(Address, "SELECT COUNT(*) FROM resource_reports WHERE run_id = 'r1'"));
    }

    [Fact]
    public async Task LoadRunAsync_RunWithoutResources_ReadsBackNullResourcesAndABusinessReport()
    {
        var store = await OpenAsync();
        var run = SampleRuns.Synthetic("plain", T0);
        await store.SaveRunAsync(run);

        var scenario = (await store.LoadRunAsync("plain"))!.Result.Scenarios[0];

        Assert.Null(scenario.Resources);
        ResourceAssert.Same(BusinessReport.From(run.Scenarios[0].Totals, run.Scenarios[0].Timeline, null), scenario.Business);
        Assert.Null(scenario.Business!.TargetThreadPoolThreads);
        Assert.Equal(0, await RawSql.ScalarAsync(Address, "SELECT COUNT(*) FROM resource_reports"));
    }

    [Fact]
    public async Task LoadRunAsync_ErrorBurstsAndQueueDepth_RecomputesTheBusinessReportOfTheRun()
    {
        var store = await OpenAsync();
        var synthetic = SampleRuns.Synthetic("bursts", T0, seconds: 18, perSecond: 10);
        var scenario = SampleResources.WithBusiness(SampleResources.WithErrorBursts(synthetic.Scenarios[0]) with { Resources = SampleResources.Measured(18) });
        var before = scenario.Business!;
        await store.SaveRunAsync(synthetic with { Scenarios = [scenario] });

        var after = (await store.LoadRunAsync("bursts"))!.Result.Scenarios[0].Business;

        Assert.Equal([new ErrorBurst(2, 3, 11, 2), new ErrorBurst(10, 14, 30, null)], before.ErrorBursts);
        Assert.Equal(8, before.RecoveryTimeSeconds);
        Assert.Equal(10, before.QueueDepth.Max);
        Assert.NotNull(before.TargetThreadPoolThreads);
        ResourceAssert.Same(before, after);
        Assert.True(after!.Unrecovered);
    }

    [Fact]
    public async Task SaveRunAsync_SameIdWithoutResources_RemovesTheOldReports()
    {
        var store = await OpenAsync();
        await store.SaveRunAsync(RunWithResources("r1", T0));

        await store.SaveRunAsync(SampleRuns.Synthetic("r1", T0));

        Assert.Null((await store.LoadRunAsync("r1"))!.Result.Scenarios[0].Resources);
        Assert.Equal(0, await ResourceRowsAsync("r1"));
    }

    [Fact]
    public async Task PruneAsync_RunPastRawHorizon_DropsPerSecondValuesAndKeepsSummariesPausesAndTrend()
    {
        var store = await OpenAsync();
        var old = RunWithResources("old", T0);
        var recent = RunWithResources("recent", T0.AddDays(8));
        await store.SaveRunAsync(old);
        await store.SaveRunAsync(recent);

        var result = await store.PruneAsync(RetentionPolicy.Default, T0.AddDays(8).AddHours(1));

        Assert.Equal(1, result.RunsRolledUp);
        Assert.Equal(2 + 6, await ResourceRowsAsync("old"));
        var pruned = (await store.LoadRunAsync("old"))!.Result;
        Assert.All(pruned.Scenarios, s => Assert.Null(s.Business));
        RunAssert.Same(old.Scenarios[0].Totals, pruned.Scenarios[0].Totals);
        var before = old.Scenarios[0].Resources!;
        var after = pruned.Scenarios[0].Resources!;
        Assert.Empty(after.Seconds);
        Assert.All(after.Series, s => Assert.Empty(s.Values));
        Assert.Equal(before.Series.Select(s => (s.Name, s.Unit)), after.Series.Select(s => (s.Name, s.Unit)));
        for (var i = 0; i < before.Series.Count; i++)
        {
            Assert.Equal(before.Series[i].Summary, after.Series[i].Summary);
        }

        Assert.Equal(before.TargetGcPauses, after.TargetGcPauses);
        Assert.Equal(before.HeapGrowthNote, after.HeapGrowthNote);
        Assert.Null(pruned.Scenarios[2].Resources);
        Assert.Equal(2 + 6, await ResourceRowsAsync("recent"));
        RunAssert.Same(recent, (await store.LoadRunAsync("recent"))!.Result);
    }

    [Fact]
    public async Task OpenAsync_StoreAtSchemaVersion1_MigratesToTheLatestAndKeepsOldRunsReadable()
    {
        var old = SampleRuns.Synthetic("old", T0);
        await using (var store = await HistoryStores.OpenAsync(Address))
        {
            await store.SaveRunAsync(old, new Dictionary<string, string> { ["version"] = "1.0" });
        }

        // Back to what release 1 left: its tables only, written by SchemaV1, and its version row.
        await RawSql.ExecuteAsync(Address, RawSql.UndoSchemaV4 + "DROP TABLE run_goals; DROP TABLE run_thresholds; DROP TABLE resource_series; DROP TABLE resource_reports; DELETE FROM schema_version WHERE version > 1");
        Assert.Equal(1, await RawSql.ScalarAsync(Address, "SELECT MAX(version) FROM schema_version"));

        var migrated = await OpenAsync();
        var run = RunWithResources("new", T0.AddHours(1));
        await migrated.SaveRunAsync(run);

        Assert.Equal((long)Migrations.Latest, await RawSql.ScalarAsync(Address, "SELECT MAX(version) FROM schema_version"));
        Assert.Equal((long)Migrations.Latest, await RawSql.ScalarAsync(Address, "SELECT COUNT(*) FROM schema_version"));
        var loaded = await migrated.LoadRunAsync("old");
        RunAssert.Same(old, loaded!.Result);
        Assert.Equal("1.0", loaded.Info.Labels["version"]);
        RunAssert.Same(run, (await migrated.LoadRunAsync("new"))!.Result);
    }

    /// <summary>A run whose scenarios have a measured report (with error bursts), an unsupported one and none.</summary>
    private static RunResult RunWithResources(string id, DateTimeOffset start)
    {
        var run = SampleRuns.Synthetic(id, start, seconds: 12, perSecond: 10);
        var steady = SampleResources.WithBusiness(SampleResources.WithErrorBursts(run.Scenarios[0]) with { Resources = SampleResources.WithoutHeapTrend() });
        var elsewhere = SampleResources.WithBusiness(run.Scenarios[0] with { Name = "elsewhere", Resources = SampleResources.Unsupported() });
        var bare = run.Scenarios[0] with { Name = "bare" };
        return run with { Scenarios = [steady, elsewhere, bare] };
    }

    private async Task<long> ResourceRowsAsync(string runId) =>
        await RawSql.ScalarAsync(Address, $"SELECT COUNT(*) FROM resource_reports WHERE run_id = '{runId}'")
        + await RawSql.ScalarAsync(Address, $"SELECT COUNT(*) FROM resource_series WHERE run_id = '{runId}'");
}
