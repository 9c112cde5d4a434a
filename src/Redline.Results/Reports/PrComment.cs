using System.Globalization;
using System.Text;
using Redline.Engine;
using Redline.Results.Analysis;
using Redline.Results.Comparison;
using Redline.Results.Judgement;

namespace Redline.Results.Reports;

/// <summary>The Markdown comment for a pull request: short enough to read there, with a link to the full report.</summary>
public static class PrComment
{
    /// <summary>The comment for <paramref name="current"/> against <paramref name="baseline"/>.</summary>
    public static string Render(RunResult baseline, RunResult current, RunComparison comparison, RegressionSeverity failOn, string? reportUrl) =>
        Render(new ReportContext(current) { Baseline = baseline, Comparison = comparison, FailOn = failOn, ReportUrl = reportUrl });

    /// <summary>The comment of <paramref name="context"/>, which must hold a baseline and a comparison; its goals get a table of their own.</summary>
    public static string Render(ReportContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var (baseline, current, failOn, reportUrl) = (context.Baseline, context.Current, context.FailOn, context.ReportUrl);
        var comparison = context.Comparison ?? throw new ArgumentException("The PR comment reports a comparison.", nameof(context));
        var headline = Headline.Of(baseline, current);
        var text = new StringBuilder();
        text.AppendLine("## Performance benchmark results");
        text.AppendLine();
        text.AppendLine(Headline.Summary(comparison, failOn));
        text.AppendLine();
        if (current.Scenarios.Count == 0 && current.Micro.Count > 0)
        {
            Micro(text, current, comparison);
        }
        else
        {
            KeyMetrics(text, headline);
        }

        text.AppendLine();
        var regressions = comparison.Regressions.ToList();
        if (regressions.Count == 0 && !comparison.Leaks.Values.Any(l => l.IsLeak))
        {
            text.AppendLine("No regressions.");
        }
        else
        {
            text.AppendLine("**Regressions detected**");
            text.AppendLine();
            text.AppendLine("| severity | where | metric | baseline | current | change | p-value |");
            text.AppendLine("|---|---|---|---:|---:|---:|---:|");
            foreach (var (scope, verdict) in regressions.OrderByDescending(r => r.Verdict.Severity))
            {
                var change = verdict.ChangePercent is { } c ? AnalysisDocument.Percent(c) : "n/a";
                var p = verdict.Significance is { } s ? s.PValue.ToString("0.####", CultureInfo.InvariantCulture) : "n/a";
                text.AppendLine(CultureInfo.InvariantCulture, $"| {verdict.Severity.ToSeedName()} | {Escape(scope.Label)} | {verdict.Metric} | {Number(verdict.BaselineValue)} {verdict.Unit} | {Number(verdict.CurrentValue)} {verdict.Unit} | {change} | {p} |");
            }

            foreach (var (scenario, leak) in comparison.Leaks.Where(l => l.Value.IsLeak))
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"| {leak.Severity.ToSeedName()} | {Escape(scenario)} | memory_leak | | {Number(leak.Slope?.MbPerHour ?? 0)} MB/hour | | |");
            }
        }

        Sensitivity(text, comparison, headline.Scenario);
        Trends(text, context.Trends);
        Goals(text, context.Goals);
        if (reportUrl is not null)
        {
            text.AppendLine();
            text.AppendLine(CultureInfo.InvariantCulture, $"[Full report]({reportUrl})");
        }

        return text.ToString();
    }

    private static void KeyMetrics(StringBuilder text, Headline headline)
    {
        text.AppendLine(CultureInfo.InvariantCulture, $"### Key metrics ({Escape(headline.Scenario)})");
        text.AppendLine(CultureInfo.InvariantCulture, $"- Response time p95: {Value(headline.P95.Current, "ms")} ({Headline.Change(headline.P95)})");
        text.AppendLine(CultureInfo.InvariantCulture, $"- Throughput: {Value(headline.Throughput.Current, "req/s")} ({Headline.Change(headline.Throughput)})");
        text.AppendLine(CultureInfo.InvariantCulture, $"- Memory usage: {Value(headline.MemoryMb.Current, "MB")} ({Headline.Change(headline.MemoryMb)})");
        if (headline.CpuPercent.Current is not null)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"- CPU usage: {Value(headline.CpuPercent.Current, "%")} of the machine ({Headline.Change(headline.CpuPercent)})");
        }

        if (headline.GcPauseP99Ms.Current is not null)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"- GC pause p99: {Value(headline.GcPauseP99Ms.Current, "ms")} ({Headline.Change(headline.GcPauseP99Ms)})");
        }
    }

    /// <summary>A micro-benchmark run's table: each benchmark's time per operation (or operations per second) against the baseline, at most 50 rows.</summary>
    private static void Micro(StringBuilder text, RunResult current, RunComparison comparison)
    {
        const int MaxRows = 50;
        text.AppendLine(CultureInfo.InvariantCulture, $"### Micro-benchmarks ({current.Micro.Count}, {Escape(current.MicroFormat ?? "")})");
        text.AppendLine();
        text.AppendLine("| benchmark | metric | baseline | current | change | verdict |");
        text.AppendLine("|---|---|---:|---:|---:|---|");
        foreach (var benchmark in current.Micro.Take(MaxRows))
        {
            var scope = comparison.Scopes.FirstOrDefault(s => s.Scenario == RunComparer.MicroScope && s.Component == benchmark.Id);
            var verdict = scope?.Verdicts.FirstOrDefault(v => v.Metric == "time_per_op") ?? scope?.Verdicts.FirstOrDefault(v => v.Metric == "ops_per_s");
            if (verdict is null)
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"| {Escape(benchmark.Id)} | | | | | not in the baseline |");
                continue;
            }

            var change = verdict.ChangePercent is { } c ? AnalysisDocument.Percent(c) : "n/a";
            var judged = verdict.IsRegression ? verdict.Severity.ToSeedName()
                : verdict.Rules.FirstOrDefault(r => r.Rule == "samples") is { Fired: false } ? "too few samples to judge"
                : verdict.Improved ? "faster" : "no change";
            text.AppendLine(CultureInfo.InvariantCulture, $"| {Escape(benchmark.Id)} | {verdict.Metric} | {Number(verdict.BaselineValue)} {verdict.Unit} | {Number(verdict.CurrentValue)} {verdict.Unit} | {change} | {judged} |");
        }

        if (current.Micro.Count > MaxRows)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"| and {current.Micro.Count - MaxRows} more: see analysis.json | | | | | |");
        }
    }

    /// <summary>What the comparison was judged against and the smallest p95 change it grades at each level, so a reviewer sees a threshold tighter than the noise.</summary>
    private static void Sensitivity(StringBuilder text, RunComparison comparison, string scenario)
    {
        var p95 = comparison.Scopes.FirstOrDefault(s => s.Scenario == scenario && s.Component is null)?.Verdicts.FirstOrDefault(v => v.Metric == "response_time_p95");
        if (p95 is not { Detectable.Count: > 0 })
        {
            return;
        }

        var cv = p95.RunToRunCvPercent is { } runToRun ? $"run-to-run CV {Number(runToRun)}%; " : "";
        var levels = string.Join(", ", p95.Detectable.OrderBy(d => d.Level).Select(d => $"{d.Level.ToSeedName()} +{Number(d.Percent)}%"));
        var tight = p95.Detectable.Where(d => d.TighterThanNoise).OrderBy(d => d.Level).Select(d => d.Level.ToSeedName()).ToList();
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"Sensitivity (p95): {cv}the smallest change graded is {levels}.{(tight.Count > 0 ? $" The {string.Join(" and ", tight)} threshold{(tight.Count == 1 ? " is" : "s are")} tighter than this noise." : "")}");
        if (comparison.NoiseNote is { } note)
        {
            text.AppendLine();
            text.AppendLine(CultureInfo.InvariantCulture, $"_{Escape(note)}_");
        }
    }

    /// <summary>Where the run stands against the last 7 days of runs like it: each trended metric inside or outside their band, and the week-over-week change.</summary>
    private static void Trends(StringBuilder text, IReadOnlyList<TrendPoint>? trends)
    {
        if (trends is not { Count: > 0 })
        {
            return;
        }

        text.AppendLine();
        text.AppendLine("### Trend (7 days)");
        foreach (var trend in trends)
        {
            var weekly = trend.WeekOverWeekPercent is { } w ? $", {AnalysisDocument.Percent(w)} week over week" : "";
            text.AppendLine(CultureInfo.InvariantCulture, $"- {trend.Metric}: {Number(trend.Current)} is {(trend.Outside ? "**outside**" : "inside")} the band {Number(trend.Lower)} to {Number(trend.Upper)} (median {Number(trend.WindowMedian)} over {trend.Runs} runs){weekly}");
        }
    }

    private static void Goals(StringBuilder text, IReadOnlyList<GoalRow> goals)
    {
        if (goals.Count == 0)
        {
            return;
        }

        var missed = goals.Count(g => g.Met == false);
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"### Goals ({(missed == 0 ? "every target met" : $"{missed} target{(missed == 1 ? "" : "s")} missed")})");
        text.AppendLine();
        text.AppendLine("| " + string.Join(" | ", GoalText.Headings) + " |");
        text.AppendLine("|---|---|---|---:|---:|---:|---:|---|");
        foreach (var row in goals)
        {
            text.AppendLine("| " + string.Join(" | ", GoalText.Cells(row).Select(Escape)) + " |");
        }
    }

    private static string Value(double? value, string unit) => value is { } v ? $"{Number(v)} {unit}" : "not measured";

    private static string Number(double value) => value.ToString(Math.Abs(value) < 10 ? "0.##" : "0.#", CultureInfo.InvariantCulture);

    /// <summary>Names come from users: keep them from breaking the table or the Markdown.</summary>
    internal static string Escape(string text) =>
        text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("|", "\\|", StringComparison.Ordinal)
            .Replace("<", "&lt;", StringComparison.Ordinal).Replace(">", "&gt;", StringComparison.Ordinal)
            .Replace("`", "\\`", StringComparison.Ordinal).Replace("*", "\\*", StringComparison.Ordinal)
            .Replace("_", "\\_", StringComparison.Ordinal).Replace("[", "\\[", StringComparison.Ordinal);
}
