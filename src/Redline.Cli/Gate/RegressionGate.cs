using System.Text;
using Redline.Engine;
using Redline.Results.Analysis;
using Redline.Results.Comparison;
using Redline.Results.History;
using Redline.Results.Judgement;
using Redline.Results.Reports;
using Spectre.Console;

namespace Redline.Cli.Gate;

/// <summary>
/// After a run: keep it in the history, compare it with its baseline when asked, write the reports,
/// and say whether a regression blocks (exit 3).
/// </summary>
internal static class RegressionGate
{
    /// <summary>Returns true when a regression blocks; <paramref name="compared"/> hears the comparison when there was one.</summary>
    public static async Task<bool> ApplyAsync(RunResult result, string outDir, JudgedRunSettings settings, RunJudgement judgement, string? gitDirectory, CancellationToken cancellationToken, Action<RunComparison>? compared = null, RetentionPolicy? retention = null)
    {
        if (settings.ThresholdsOverride is { } thresholds)
        {
            judgement = judgement with { Thresholds = thresholds };
        }

        if (settings.ThresholdMargin > 0)
        {
            // Judged, and stored, with the widened thresholds: a later compare of this run gives the verdict this one did.
            judgement = judgement with { Thresholds = judgement.Thresholds.Widened(settings.ThresholdMargin) };
            AnsiConsole.MarkupLine(Markup.Escape(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"regression thresholds widened by {settings.ThresholdMargin:0.#} points for this machine's noise")));
        }

        var context = ReportContext.Of(result, judgement) with { FailOn = settings.FailOnSeverity };
        var wantsStore = !settings.NoStore || settings.Baseline is not null;
        if (!wantsStore)
        {
            GateReports.Write(outDir, settings.Reports, context);
            return false;
        }

        await using var store = await settings.OpenStoreAsync(cancellationToken).ConfigureAwait(false);
        if (!settings.NoStore && result.Verdict == Verdict.Aborted)
        {
            // Kept, so that what an aborted run measured is not lost, and marked: never a baseline, a trend point or a noise band.
            await store.SaveRunAsync(result, settings.LabelValues, judgement, cancellationToken).ConfigureAwait(false);
            AnsiConsole.MarkupLine($"stored run {Markup.Escape(result.RunId)} in {Markup.Escape(store.Location)}, marked aborted: no later run will take it as a baseline or count it in a trend");
        }
        else if (!settings.NoStore)
        {
            await store.SaveRunAsync(result, settings.LabelValues, judgement, cancellationToken).ConfigureAwait(false);
            AnsiConsole.MarkupLine($"stored run {Markup.Escape(result.RunId)} in {Markup.Escape(store.Location)}");
            context = context with { Trends = await TrendsAsync(store, result, cancellationToken).ConfigureAwait(false) };

            // Retention (the suite's, else the seed's) runs after every stored run, so the history never grows without bound.
            await store.PruneAsync(retention ?? RetentionPolicy.Default, TimeProvider.System.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        }

        if (settings.Baseline is null || result.Verdict == Verdict.Aborted)
        {
            GateReports.Write(outDir, settings.Reports, context);
            return false;
        }

        var baseline = await BaselineResolver.ResolveAsync(store, settings.Baseline, result, settings.BaselineBranch, gitDirectory, cancellationToken).ConfigureAwait(false);
        if (baseline is null)
        {
            GateReports.Write(outDir, settings.Reports, context);
            return false;
        }

        // The current run's own thresholds, the ones just stored with it: compare and report read the same.
        BaselineResolver.CheckSameMachine(baseline.Result, result, settings.AllowCrossMachine);
        var comparison = await CompareAsync(store, baseline.Result, result, judgement, settings.NoiseWindowValue, cancellationToken).ConfigureAwait(false);
        ComparisonView.Print(comparison, settings.FailOnSeverity);
        compared?.Invoke(comparison);
        context = context with { Baseline = baseline.Result, Comparison = comparison };
        var written = GateReports.Write(outDir, settings.Reports.Append("json").Append("md"), context);
        await KeepReportAsync(store, context, cancellationToken).ConfigureAwait(false);

        foreach (var path in written)
        {
            AnsiConsole.MarkupLine($"report: {Markup.Escape(path)}");
        }

        return comparison.Blocks(settings.FailOnSeverity);
    }

    /// <summary>The newest run's p95 and throughput against the last 7 days of runs like it (same suite, scenario, branch, machine), printed and returned.</summary>
    private static async Task<IReadOnlyList<TrendPoint>> TrendsAsync(IHistoryStore store, RunResult result, CancellationToken cancellationToken)
    {
        var found = new List<TrendPoint>();
        if (result.Scenarios.FirstOrDefault() is not { } scenario)
        {
            return found;
        }

        var runs = await store.ListRunsAsync(
            new RunQuery
            {
                Suite = result.Suite,
                Scenario = scenario.Name,
                Branch = result.Environment.GitBranch,
                Fingerprint = result.Environment.Fingerprint,
                Since = result.StartedAt - HistoryChangesCommand.Window,
                Limit = 500,
            },
            cancellationToken).ConfigureAwait(false);
        foreach (var metric in new[] { MetricCatalog.ResponseTimeP95.Name, MetricCatalog.Throughput.Name })
        {
            if (Trend.Judge(metric, Trend.Series(runs, scenario.Name, null, metric), HistoryChangesCommand.Window) is { } trend)
            {
                found.Add(trend);
                var weekly = trend.WeekOverWeekPercent is { } w ? $", {w.ToString("+0.0;-0.0", System.Globalization.CultureInfo.InvariantCulture)}% week over week" : "";
                var where = trend.Outside ? "[yellow]outside[/]" : "inside";
                AnsiConsole.MarkupLine($"trend {metric}: {Terminal.Format.Number(trend.Current)} is {where} the 7-day band {Terminal.Format.Number(trend.Lower)} to {Terminal.Format.Number(trend.Upper)} ({trend.Runs} runs){Markup.Escape(weekly)}");
            }
        }

        return found;
    }

    /// <summary>
    /// <paramref name="current"/> against <paramref name="baseline"/>, judged with the current run's thresholds
    /// (<paramref name="judgement"/>; the defaults for a run stored without them). <c>run</c>, <c>compare</c> and
    /// <c>report</c> all come here, so the same two runs get the same verdict.
    /// </summary>
    public static RunComparison Compare(RunResult baseline, RunResult current, RunJudgement? judgement)
    {
        var thresholds = RunJudgement.ForComparison(judgement).Thresholds;
        return RunComparer.Compare(baseline, current, new RegressionAnalyzer(thresholds), new LeakDetector(thresholds));
    }

    /// <summary>
    /// <see cref="Compare"/>, then each regression also judged against the run-to-run noise of the earlier runs
    /// like <paramref name="current"/> in the store (same suite, machine and branch, within <paramref name="window"/>): one
    /// inside that band is not reported. With too few earlier runs, or a window of 0, the comparison stands and says so.
    /// </summary>
    public static async Task<RunComparison> CompareAsync(IHistoryStore store, RunResult baseline, RunResult current, RunJudgement? judgement, TimeSpan window, CancellationToken cancellationToken)
    {
        var comparison = Compare(baseline, current, judgement);
        if (window <= TimeSpan.Zero)
        {
            return RunToRunNoise.Apply(comparison, [], 0, window);
        }

        var history = await store.ListRunsAsync(
            new RunQuery
            {
                Suite = current.Suite,
                Branch = current.Environment.GitBranch,
                Fingerprint = current.Environment.Fingerprint,
                Since = current.StartedAt - window,
                Until = current.StartedAt,
                Limit = 500,
            },
            cancellationToken).ConfigureAwait(false);
        var earlier = history.Where(r => r.Id != current.RunId && r.StartedAt < current.StartedAt && r.Verdict != Verdict.Aborted).ToList();
        return RunToRunNoise.Apply(comparison, RunToRunNoise.Bands(earlier, current, window), earlier.Count, window);
    }

    /// <summary>Regression reports are kept forever, whatever the retention of raw data.</summary>
    public static async Task KeepReportAsync(IHistoryStore store, ReportContext context, CancellationToken cancellationToken)
    {
        var (baseline, current, comparison) = (context.Baseline!, context.Current, context.Comparison!);
        using var json = new MemoryStream();
        AnalysisDocument.Write(json, baseline, current, comparison, context.FailOn, reportUrl: null, context.Trends, context.Goals);
        var report = new StoredReport(
            $"{current.RunId}-vs-{baseline.RunId}",
            current.Suite,
            current.Scenarios.FirstOrDefault()?.Name,
            baseline.RunId,
            current.RunId,
            comparison.Blocks(context.FailOn) ? "blocking" : comparison.WorstSeverity.ToSeedName(),
            TimeProvider.System.GetUtcNow(),
            Encoding.UTF8.GetString(json.ToArray()));
        await store.SaveReportAsync(report, cancellationToken).ConfigureAwait(false);
    }
}
