using Microsoft.Extensions.Time.Testing;
using Redline.Engine;
using Redline.Results.Analysis;
using Redline.Results.Comparison;
using Redline.Results.History;

namespace Redline.Results.Tests.History;

/// <summary>What every history store must do; run against SQLite and PostgreSQL by the subclasses.</summary>
public abstract class HistoryStoreContract(IStoreFactory factory) : StoreTestBase(factory)
{
    private static readonly DateTimeOffset T0 = new(2025, 3, 10, 9, 0, 0, TimeSpan.Zero);

    // A baseline and a run whose second step is three times slower, made once for both stores.
    private static readonly Lazy<Task<(RunResult Baseline, RunResult Current)>> FlowRuns = new(async () =>
        (await FlowRunAsync("flow-before", payMs: 10), await FlowRunAsync("flow-after", payMs: 30)));

    [Fact]
    public async Task SaveRunAsync_MicroBenchmarks_LoadBackWithIdentitySamplesAndBoundsAndFindEachOtherAsBaselines()
    {
        var first = Comparison.MicroComparisonTests.Run("micro-1", 1000);
        var second = Comparison.MicroComparisonTests.Run("micro-2", 1000, seed: 2) with { StartedAt = first.StartedAt.AddHours(1), EndedAt = first.StartedAt.AddHours(1) };
        var store = await OpenAsync();

        await store.SaveRunAsync(first);
        await store.SaveRunAsync(second);
        var loaded = (await store.LoadRunAsync("micro-1"))!.Result;
        var baseline = await store.FindBaselineAsync(new BaselineQuery("bench:micro", "", "main", "fp-a") { ExcludeRunId = "micro-2" });

        Assert.Equal("benchmarkdotnet", loaded.MicroFormat);
        Assert.Equal(first.Micro.Select(b => b.Id), loaded.Micro.Select(b => b.Id));
        for (var i = 0; i < first.Micro.Count; i++)
        {
            Assert.Equal(first.Micro[i].Parameters, loaded.Micro[i].Parameters);
            Assert.Equal(first.Micro[i].Metrics.Select(m => (m.Name, m.Unit, m.Value, m.Statistic, m.HigherIsWorse, m.Bound)), loaded.Micro[i].Metrics.Select(m => (m.Name, m.Unit, m.Value, m.Statistic, m.HigherIsWorse, m.Bound)));
            Assert.Equal(first.Micro[i].Metrics.Select(m => m.Samples), loaded.Micro[i].Metrics.Select(m => m.Samples));
        }

        Assert.Empty(loaded.Scenarios);
        Assert.Equal("micro-1", baseline?.Id);
    }

    [Fact]
    public async Task PeriodReport_Week_CountsItsRunsAndComparesTheirMediansWithTheWeekBefore()
    {
        // Monday 30 November 2026 starts the ISO week reported; two runs the week before, one the week after.
        var monday = new DateTimeOffset(2026, 11, 30, 0, 0, 0, TimeSpan.Zero);
        var store = await OpenAsync();
        var starts = new[] { -6.0, -3, 0.5, 2, 6.9, 7.5 };
        for (var i = 0; i < starts.Length; i++)
        {
            await store.SaveRunAsync(SampleRuns.Synthetic($"week-{i}", monday.AddDays(starts[i]), seed: i + 1));
        }

        await store.SaveReportAsync(new StoredReport("r1", "shop", "steady", "week-2", "week-3", "blocking", monday.AddDays(2).AddHours(1), "{}"));
        await store.SaveReportAsync(new StoredReport("r0", "shop", "steady", "week-0", "week-1", "none", monday.AddDays(-3).AddHours(1), "{}"));

        var week = await Redline.Results.Reports.PeriodReport.RenderAsync(store, Redline.Results.Reports.ReportPeriod.Week, monday.AddDays(2), null, CancellationToken.None);
        var day = await Redline.Results.Reports.PeriodReport.RenderAsync(store, Redline.Results.Reports.ReportPeriod.Day, monday.AddDays(1), null, CancellationToken.None);

        Assert.StartsWith("# Weekly trends: 2026-11-30 to 2026-12-06 (UTC)", week, StringComparison.Ordinal);
        Assert.Contains("3 runs (3 passed, 0 failed, 0 aborted); 1 comparison reported, 1 blocking. Against the week before: 2 runs.", week, StringComparison.Ordinal);
        var p95 = week.Split('\n').Single(l => l.StartsWith("| steady | response_time_p95 |", StringComparison.Ordinal));
        Assert.StartsWith("| steady | response_time_p95 | 3 |", p95, StringComparison.Ordinal);
        Assert.EndsWith("% |", p95.TrimEnd(), StringComparison.Ordinal);
        Assert.Contains("| week-3 | week-2 | blocking |", week, StringComparison.Ordinal);
        Assert.DoesNotContain("week-1 |", week, StringComparison.Ordinal);
        Assert.Contains("0 runs", day, StringComparison.Ordinal);
        Assert.Contains("No run was stored in this period.", day, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SaveRunAsync_AbortedRun_IsKeptAndMarkedButNeverABaselineOrATrendPoint()
    {
        var store = await OpenAsync();
        await store.SaveRunAsync(SampleRuns.Synthetic("finished", T0));
        await store.SaveRunAsync(SampleRuns.Synthetic("stopped", T0.AddHours(1)) with { Verdict = Verdict.Aborted });

        var runs = await store.ListRunsAsync(new RunQuery { Suite = "shop" });
        var baseline = await store.FindBaselineAsync(new BaselineQuery("shop", "steady", "main", "fp-a") { ExcludeRunId = "current" });

        Assert.Equal(["stopped", "finished"], runs.Select(r => r.Id));
        Assert.Equal(Verdict.Aborted, runs[0].Verdict);
        Assert.Equal(Verdict.Aborted, (await store.LoadRunAsync("stopped"))!.Result.Verdict);
        Assert.Equal("finished", baseline?.Id);
        Assert.Equal(["finished"], Trend.Series(runs, "steady", null, "response_time_p95").Select(p => p.Run.Id));
    }

    [Fact]
    public async Task SaveRunAsync_GenuineEngineRun_LoadsBackEveryField()
    {
        var run = await SampleRuns.GenuineAsync();
        var store = await OpenAsync();

        await store.SaveRunAsync(run, new Dictionary<string, string> { ["version"] = "1.4.0", ["env"] = "ci" });
        var loaded = await store.LoadRunAsync(run.RunId);

        Assert.NotNull(loaded);
        RunAssert.Same(run, loaded.Result);
        Assert.Equal(new SortedDictionary<string, string> { ["env"] = "ci", ["version"] = "1.4.0" }, loaded.Info.Labels);
        Assert.Equal(["steady"], loaded.Info.Scenarios);
        Assert.Equal(["browse", "buy"], loaded.Info.ComponentsOf("steady"));
        Assert.Null(loaded.Info.IntervalsPrunedAt);
        var buy = loaded.Info.Summary("steady", "buy");
        Assert.NotNull(buy);
        Assert.True(buy.Measures.Errors > 0);
        Assert.Equal(run.Scenarios[0].Components[1].Measures.Latency.P99, buy.Measures.Latency.P99);
    }

    [Fact]
    public async Task SaveRunAsync_ScenarioWithEventsAndASaturationCause_LoadsThemBack()
    {
        var genuine = await SampleRuns.GenuineAsync();
        var scenario = genuine.Scenarios[0] with
        {
            Events =
            [
                new RunEvent("steady", TimeSpan.Zero, RunEventKind.TargetStarted, "the target started"),
                new RunEvent("steady", TimeSpan.FromMilliseconds(1500), new RunEventKind("fault_start"), "latency +100ms") { Component = "buy", Data = new Dictionary<string, string> { ["latency_ms"] = "100", ["proxy"] = "db" } },
            ],
            Generator = genuine.Scenarios[0].Generator with { Saturated = true, Reasons = ["late"], Cause = SaturationCause.Machine },
        };
        var run = genuine with { RunId = "with-events", Scenarios = [scenario] };
        var store = await OpenAsync();

        await store.SaveRunAsync(run);
        var loaded = (await store.LoadRunAsync("with-events"))!.Result.Scenarios[0];

        RunAssert.Same(run, (await store.LoadRunAsync("with-events"))!.Result);
        Assert.Equal("fault_start", loaded.Events[1].Kind.Name);
        Assert.Equal("100", loaded.Events[1].Data["latency_ms"]);
        Assert.Equal(SaturationCause.Machine, loaded.Generator.Cause);
    }

    [Fact]
    public async Task SaveRunAsync_ScenarioThatRanThreeTimes_LoadsBackEachRepeatsFigures()
    {
        var run = SampleRuns.Synthetic("repeated", T0, components: ["home", "cart"]);
        var scenario = run.Scenarios[0];
        var repeats = Enumerable.Range(1, 3).Select(n => new ScenarioRepeat(
            n,
            T0 + TimeSpan.FromSeconds(10 * n),
            TimeSpan.FromMilliseconds(5012.5),
            n == 2 ? Verdict.Failed : Verdict.Passed,
            scenario.Totals with { Requests = 100 * n, ThroughputRps = 20.5 * n },
            [.. scenario.Components.Select(c => c with { Measures = c.Measures with { Errors = n } })])).ToList();
        run = run with { Scenarios = [scenario with { Repeats = repeats }] };
        var store = await OpenAsync();

        await store.SaveRunAsync(run);
        var loaded = (await store.LoadRunAsync("repeated"))!.Result.Scenarios[0].Repeats;

        Assert.Equal([1, 2, 3], loaded.Select(r => r.Number));
        Assert.Equal(repeats.Select(r => r.StartedAt), loaded.Select(r => r.StartedAt));
        Assert.Equal(repeats.Select(r => r.Duration), loaded.Select(r => r.Duration));
        Assert.Equal([Verdict.Passed, Verdict.Failed, Verdict.Passed], loaded.Select(r => r.Verdict));
        Assert.Equal([100L, 200, 300], loaded.Select(r => r.Totals.Requests));
        Assert.Equal([20.5, 41, 61.5], loaded.Select(r => r.Totals.ThroughputRps));
        Assert.Equal(repeats.Select(r => r.Totals.Latency), loaded.Select(r => r.Totals.Latency));
        Assert.All(loaded, r => Assert.Equal(["home", "cart"], r.Components.Select(c => c.Name)));
        Assert.Equal([1L, 2, 3], loaded.Select(r => r.Components[1].Measures.Errors));
        Assert.Equal(scenario.Components[1].Measures.ErrorsByType, loaded[0].Components[1].Measures.ErrorsByType);
    }

    [Fact]
    public async Task SaveRunAsync_FlowSteps_LoadBackAndAreComparedStepByStep()
    {
        var (baseline, current) = await FlowRuns.Value;
        var store = await OpenAsync();
        await store.SaveRunAsync(baseline);

        var loaded = (await store.LoadRunAsync("flow-before"))!.Result;

        RunAssert.Same(baseline, loaded);
        var (was, back) = (baseline.Scenarios[0].Components[0], loaded.Scenarios[0].Components[0]);
        Assert.Equal(["login", "pay"], back.Steps.Select(s => s.Name));
        foreach (var (e, a) in was.Steps.Zip(back.Steps))
        {
            RunAssert.Same(e.Measures, a.Measures);
            Assert.Equal(e.Skipped, a.Skipped);
            Assert.Equal(e.ErrorSamples, a.ErrorSamples);
        }

        Assert.Equal(
            baseline.Scenarios[0].Timeline.Select(p => p.Components[0].Steps.Select(s => (s.Component, s.Requests, s.Skipped, s.Latency.P95)).ToList()).SelectMany(x => x),
            loaded.Scenarios[0].Timeline.Select(p => p.Components[0].Steps.Select(s => (s.Component, s.Requests, s.Skipped, s.Latency.P95)).ToList()).SelectMany(x => x));

        // The stored baseline against a run whose second step got three times slower: that step regressed, the first did not.
        var comparison = RunComparer.Compare(loaded, current, new RegressionAnalyzer(), new LeakDetector());
        var pay = comparison.Scopes.Single(s => s.Component == "checkout.pay");
        Assert.Contains(pay.Verdicts, v => v.Metric == "response_time_p95" && v.Severity == RegressionSeverity.Critical);
        var login = comparison.Scopes.Single(s => s.Component == "checkout.login");
        Assert.DoesNotContain(login.Verdicts, v => v.Kind == MetricKind.ResponseTime && v.Severity != RegressionSeverity.None);
    }

    [Fact]
    public async Task LoadRunAsync_StoredIntervals_RecomputePercentilesOverAnyWindow()
    {
        var run = await SampleRuns.GenuineAsync();
        var store = await OpenAsync();
        await store.SaveRunAsync(run);

        var loaded = await store.LoadRunAsync(run.RunId);

        // Merging every second's histogram gives back the scenario's totals: nothing was lost in storage.
        var merged = Histograms.Create();
        foreach (var point in loaded!.Result.Scenarios[0].Timeline)
        {
            merged.Add(Histograms.Decode(point.Total.LatencyHistogram));
        }

        var totals = run.Scenarios[0].Totals;
        Assert.Equal(totals.Requests, merged.TotalCount);
        Assert.Equal(totals.Latency.P95, LatencyStats.From(merged).P95);
    }

    [Fact]
    public async Task SaveRunAsync_SameIdAgain_ReplacesTheRun()
    {
        var store = await OpenAsync();
        await store.SaveRunAsync(SampleRuns.Synthetic("r1", T0, seconds: 4), new Dictionary<string, string> { ["a"] = "1" });

        await store.SaveRunAsync(SampleRuns.Synthetic("r1", T0, seconds: 2, scenario: "peak"), new Dictionary<string, string> { ["b"] = "2" });

        var loaded = await store.LoadRunAsync("r1");
        Assert.Equal(["peak"], loaded!.Info.Scenarios);
        Assert.Equal(2, loaded.Result.Scenarios[0].Timeline.Count);
        Assert.Equal(new SortedDictionary<string, string> { ["b"] = "2" }, loaded.Info.Labels);
        Assert.Single(await store.ListRunsAsync(new RunQuery()));
    }

    [Fact]
    public async Task LoadRunAsync_UnknownId_ReturnsNull()
    {
        var store = await OpenAsync();

        Assert.Null(await store.LoadRunAsync("nope"));
        Assert.Null(await store.GetRunAsync("nope"));
    }

    [Fact]
    public async Task ListRunsAsync_EachFilter_SelectsMatchingRunsNewestFirst()
    {
        var store = await OpenAsync();
        await SaveAsync(store, "a", 0, suite: "shop", scenario: "steady", branch: "main", labels: new() { ["version"] = "1.0" });
        await SaveAsync(store, "b", 1, suite: "shop", scenario: "peak", branch: "main", labels: new() { ["version"] = "1.1" });
        await SaveAsync(store, "c", 2, suite: "shop", scenario: "steady", branch: "feature/x", labels: new() { ["version"] = "1.1", ["env"] = "ci" });
        await SaveAsync(store, "d", 3, suite: "auth", scenario: "steady", branch: "main");
        await SaveAsync(store, "e", 4, suite: "shop", scenario: "steady", branch: null, fingerprint: "fp-b");

        Assert.Equal(["e", "d", "c", "b", "a"], await IdsAsync(store, new RunQuery()));
        Assert.Equal(["e", "c", "b", "a"], await IdsAsync(store, new RunQuery { Suite = "shop" }));
        Assert.Equal(["e", "d", "c", "a"], await IdsAsync(store, new RunQuery { Scenario = "steady" }));
        Assert.Equal(["d", "b", "a"], await IdsAsync(store, new RunQuery { Branch = "main" }));
        Assert.Equal(["c", "b"], await IdsAsync(store, new RunQuery { Labels = new Dictionary<string, string> { ["version"] = "1.1" } }));
        Assert.Equal(["c"], await IdsAsync(store, new RunQuery { Labels = new Dictionary<string, string> { ["version"] = "1.1", ["env"] = "ci" } }));
        Assert.Equal(["e", "d", "c"], await IdsAsync(store, new RunQuery { Since = T0.AddHours(2) }));
        Assert.Equal(["b", "a"], await IdsAsync(store, new RunQuery { Until = T0.AddHours(2) }));
        Assert.Equal(["e"], await IdsAsync(store, new RunQuery { Fingerprint = "fp-b" }));
        Assert.Equal(["e", "d"], await IdsAsync(store, new RunQuery { Limit = 2 }));
        Assert.Equal(["c", "a"], await IdsAsync(store, new RunQuery { Suite = "shop", Scenario = "steady", Fingerprint = "fp-a" }));
        Assert.Empty(await IdsAsync(store, new RunQuery { Suite = "nothing" }));

        var listed = (await store.ListRunsAsync(new RunQuery { Suite = "auth" })).Single();
        Assert.Equal("d", listed.Id);
        Assert.Equal(3, listed.Summaries.Count);
        Assert.Equal("main", listed.Environment.GitBranch);
    }

    [Fact]
    public async Task FindBaselineAsync_SameSuiteScenarioBranchAndMachine_ReturnsNewest()
    {
        var store = await OpenAsync();
        await SaveAsync(store, "old-main", 0, commit: "c1");
        await SaveAsync(store, "new-main", 1, commit: "c2");
        await SaveAsync(store, "other-machine", 2, fingerprint: "fp-b");
        await SaveAsync(store, "feature", 3, branch: "feature/x");
        await SaveAsync(store, "other-scenario", 4, scenario: "peak");
        var query = new BaselineQuery("shop", "steady", "main", "fp-a");

        Assert.Equal("new-main", (await store.FindBaselineAsync(query))?.Id);
        Assert.Equal("old-main", (await store.FindBaselineAsync(query with { ExcludeRunId = "new-main" }))?.Id);
        Assert.Equal("old-main", (await store.FindBaselineAsync(query with { Before = T0.AddHours(1) }))?.Id);
        Assert.Equal("old-main", (await store.FindBaselineAsync(query with { Commits = ["c1", "zzz"] }))?.Id);
        Assert.Equal("other-machine", (await store.FindBaselineAsync(query with { Fingerprint = "fp-b" }))?.Id);
        Assert.Null(await store.FindBaselineAsync(query with { Fingerprint = "fp-z" }));
        Assert.Null(await store.FindBaselineAsync(query with { Commits = [] }));
    }

    [Fact]
    public async Task SetBaselineAsync_NamedBaselines_SetMoveAndList()
    {
        var time = new FakeTimeProvider(T0);
        var store = await OpenAsync(time);
        await SaveAsync(store, "r1", 0);
        await SaveAsync(store, "r2", 1);

        Assert.True(await store.SetBaselineAsync("main", "r1"));
        Assert.True(await store.SetBaselineAsync("release-1.4", "r1"));
        time.Advance(TimeSpan.FromMinutes(5));
        Assert.True(await store.SetBaselineAsync("main", "r2"));
        Assert.False(await store.SetBaselineAsync("main", "missing"));

        Assert.Equal(new NamedBaseline("main", "r2", T0.AddMinutes(5)), await store.GetBaselineAsync("main"));
        Assert.Null(await store.GetBaselineAsync("nope"));
        Assert.Equal(["main", "release-1.4"], (await store.ListBaselinesAsync()).Select(b => b.Name));
    }

    [Fact]
    public async Task SaveReportAsync_Reports_ReadBackByIdAndByRun()
    {
        var store = await OpenAsync();
        var first = new StoredReport("rep-1", "shop", "steady", "base", "head", "warning", T0, """{"regressions":[{"metric":"p95"}]}""");
        var second = new StoredReport("rep-2", "shop", null, null, "other", "none", T0.AddMinutes(1), "{}");
        await store.SaveReportAsync(first);
        await store.SaveReportAsync(second);
        await store.SaveReportAsync(first with { Outcome = "critical" });

        Assert.Equal(first with { Outcome = "critical" }, await store.GetReportAsync("rep-1"));
        Assert.Null(await store.GetReportAsync("rep-9"));
        Assert.Equal(["rep-2", "rep-1"], (await store.ListReportsAsync()).Select(r => r.Id));
        Assert.Equal(["rep-1"], (await store.ListReportsAsync("base")).Select(r => r.Id));
        Assert.Equal(["rep-1"], (await store.ListReportsAsync("head")).Select(r => r.Id));
        Assert.Equal(["rep-2"], (await store.ListReportsAsync(limit: 1)).Select(r => r.Id));
    }

    [Fact]
    public async Task OpenAsync_TwiceAndConcurrently_AppliesEachMigrationOnce()
    {
        var opened = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => OpenAsync()));
        await opened[0].SaveRunAsync(SampleRuns.Synthetic("kept", T0));
        foreach (var store in opened)
        {
            await store.DisposeAsync();
        }

        var reopened = await OpenAsync();

        Assert.NotNull(await reopened.GetRunAsync("kept"));
        Assert.Equal((long)Migrations.Latest, await RawSql.ScalarAsync(Address, "SELECT COUNT(*) FROM schema_version"));
        Assert.Equal((long)Migrations.Latest, await RawSql.ScalarAsync(Address, "SELECT MAX(version) FROM schema_version"));
    }

    [Fact]
    public async Task OpenAsync_SchemaNewerThanThisCode_RefusesWithAClearMessage()
    {
        await (await OpenAsync()).DisposeAsync();
        await RawSql.ExecuteAsync(Address, "INSERT INTO schema_version (version, description, applied_at) VALUES (999, 'from the future', 0)");

        var error = await Assert.ThrowsAsync<NotSupportedException>(() => HistoryStores.OpenAsync(Address));

        Assert.Contains("version 999", error.Message, StringComparison.Ordinal);
        Assert.Contains("Upgrade Redline", error.Message, StringComparison.Ordinal);
    }

    private static async Task SaveAsync(
        IHistoryStore store,
        string id,
        int hour,
        string suite = "shop",
        string scenario = "steady",
        string? branch = "main",
        string fingerprint = "fp-a",
        string commit = "c0",
        Dictionary<string, string>? labels = null)
    {
        var run = SampleRuns.Synthetic(id, T0.AddHours(hour), seconds: 2, suite: suite, scenario: scenario, environment: SampleRuns.Environment(fingerprint, branch, commit), perSecond: 5);
        await store.SaveRunAsync(run, labels);
    }

    private static async Task<string[]> IdsAsync(IHistoryStore store, RunQuery query) =>
        [.. (await store.ListRunsAsync(query)).Select(r => r.Id)];

    /// <summary>A real 7-second engine run of one two-step component: a login of about 2 ms, then a payment of about <paramref name="payMs"/>.</summary>
    private static async Task<RunResult> FlowRunAsync(string id, int payMs)
    {
        Step checkout = (context, _) =>
        {
            context.RecordStep(0, TimeSpan.FromMilliseconds(2 + (context.Iteration % 3)), Outcome.Ok(200));
            context.RecordStep(1, TimeSpan.FromMilliseconds(payMs + (context.Iteration % 5)), Outcome.Ok(201));
            return ValueTask.FromResult(Outcome.Ok(201));
        };
        var plan = new ScenarioPlan
        {
            Name = "steady",
            Components = [new ComponentPlan("checkout", checkout) { StepNames = ["login", "pay"] }],
            Load = new OpenLoad(RateSchedule.Constant(100, TimeSpan.FromSeconds(7)), ArrivalPattern.Uniform, 50, SaturationPolicy.Wait),
        };
        var run = await ScenarioRunner.RunAllAsync("shop", [plan], new RunOptions(), SampleRuns.Environment());
        return run with { RunId = id };
    }
}
