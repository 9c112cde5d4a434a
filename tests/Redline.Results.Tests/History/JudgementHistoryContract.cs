using Redline.Results.Analysis;
using Redline.Results.History;
using Redline.Results.Judgement;

namespace Redline.Results.Tests.History;

/// <summary>The thresholds and goals a run was judged with, kept with it; run against SQLite and PostgreSQL by the subclasses.</summary>
public abstract class JudgementHistoryContract(IStoreFactory factory) : StoreTestBase(factory)
{
    private static readonly DateTimeOffset T0 = new(2025, 3, 10, 9, 0, 0, TimeSpan.Zero);

    /// <summary>A suite's own thresholds (critical at >10%, a custom α, a rule switched off) and two components' goals.</summary>
    internal static RunJudgement Sample { get; } = new(
        new RegressionThresholds
        {
            Critical = RegressionThresholds.Default.Critical with { ResponseTimeIncreasePercent = 10, MemoryLeakMbPerHour = 12.5 },
            Warning = RegressionThresholds.Default.Warning with { ResponseTimeIncreasePercent = 7.5, CpuIncreasePercent = null },
            Notice = RegressionThresholds.Default.Notice with { MinorDegradation = false, Action = RegressionAction.RequireReview },
            Alpha = 0.01,
        },
        [
            new ComponentGoals("browse", new GoalTable(12, 40, 80.5, null, 900), new GoalTable(5, 15, null, 100, 2000)),
            new ComponentGoals("buy", null, new GoalTable(null, 250, null, null, null)),
        ]);

    [Fact]
    public async Task SaveRunAsync_WithJudgement_LoadsBackItsThresholdsAndGoals()
    {
        var store = await OpenAsync();

        await store.SaveRunAsync(SampleRuns.Synthetic("judged", T0), judgement: Sample);
        var loaded = await store.LoadRunAsync("judged");

        Assert.NotNull(loaded?.Judgement);
        Assert.Equal(Sample.Thresholds, loaded.Judgement.Thresholds);
        Assert.Equal(Sample.Goals, loaded.Judgement.Goals);
    }

    [Fact]
    public async Task SaveRunAsync_WithoutJudgement_LoadsNoneAndComparisonsFallBackToTheDefaults()
    {
        var store = await OpenAsync();

        await store.SaveRunAsync(SampleRuns.Synthetic("plain", T0));
        var loaded = await store.LoadRunAsync("plain");

        Assert.Null(loaded!.Judgement);
        Assert.Same(RegressionThresholds.Default, RunJudgement.ForComparison(loaded.Judgement).Thresholds);
    }

    [Fact]
    public async Task SaveRunAsync_SameIdAgainWithoutJudgement_DropsTheOldJudgement()
    {
        var store = await OpenAsync();
        await store.SaveRunAsync(SampleRuns.Synthetic("r1", T0), judgement: Sample);

        await store.SaveRunAsync(SampleRuns.Synthetic("r1", T0));

        Assert.Null((await store.LoadRunAsync("r1"))!.Judgement);
        Assert.Equal(0, await RawSql.ScalarAsync(Address, "SELECT COUNT(*) FROM run_goals"));
    }

    [Fact]
    public async Task OpenAsync_StoreAtSchemaVersion2_MigratesToTheLatestAndJudgesOldRunsWithTheDefaults()
    {
        await using (var store = await HistoryStores.OpenAsync(Address))
        {
            await store.SaveRunAsync(SampleRuns.Synthetic("old", T0));
        }

        // Back to what release 2 left: no judgement tables, and its version rows.
        await RawSql.ExecuteAsync(Address, RawSql.UndoSchemaV4 + "DROP TABLE run_goals; DROP TABLE run_thresholds; DELETE FROM schema_version WHERE version > 2");

        var migrated = await OpenAsync();
        await migrated.SaveRunAsync(SampleRuns.Synthetic("new", T0.AddHours(1)), judgement: Sample);

        Assert.Equal(Migrations.Latest, await RawSql.ScalarAsync(Address, "SELECT MAX(version) FROM schema_version"));
        Assert.Null((await migrated.LoadRunAsync("old"))!.Judgement);
        Assert.Equal(Sample.Goals, (await migrated.LoadRunAsync("new"))!.Judgement!.Goals);
    }
}
