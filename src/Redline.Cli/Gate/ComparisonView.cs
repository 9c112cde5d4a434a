using System.Globalization;
using Redline.Results.Analysis;
using Redline.Results.Comparison;
using Spectre.Console;

namespace Redline.Cli.Gate;

/// <summary>Prints a comparison: one line per regression with its evidence, or that there was none.</summary>
internal static class ComparisonView
{
    public static void Print(RunComparison comparison, RegressionSeverity failOn)
    {
        var console = AnsiConsole.Console;
        console.WriteLine();
        console.Write(new Rule(Markup.Escape($"compared with run {comparison.BaselineRunId}")).LeftJustified());
        if (comparison.NoiseNote is { } note)
        {
            console.MarkupLine($"[grey]{Markup.Escape(note)}[/]");
        }

        foreach (var band in comparison.Noise.Where(b => b.Component is null && b.Metric is "response_time_p95" or "throughput"))
        {
            console.MarkupLine(string.Create(CultureInfo.InvariantCulture, $"[grey]noise[/] {Markup.Escape(band.Scenario)} {band.Metric}: run-to-run CV {band.CvPercent:0.#}% over {band.Runs} runs, so a change under ±{band.HalfWidthPercent:0.#}% is within the machine's noise and not reported, whatever its threshold"));
        }

        foreach (var (scope, verdict) in comparison.Scopes.Where(s => s.Component is null).SelectMany(s => s.Verdicts.Where(v => v.Detectable.Count > 0 && v.Metric is "response_time_p95" or "throughput").Select(v => (s, v))))
        {
            console.MarkupLine(Sensitivity(scope.Label, verdict));
        }

        foreach (var (scope, verdict) in comparison.Scopes.SelectMany(s => s.Verdicts.Where(v => !v.IsRegression && v.Rules.Any(r => r.Rule == RunToRunNoise.RuleName)).Select(v => (s, v))))
        {
            console.MarkupLine($"[grey]within noise[/] {Markup.Escape(scope.Label)} {Markup.Escape(verdict.Metric)}: {Markup.Escape(verdict.Explanation)}");
        }

        var regressions = comparison.Regressions.OrderByDescending(r => r.Verdict.Severity).ToList();
        var leaks = comparison.Leaks.Where(l => l.Value.IsLeak).ToList();
        if (regressions.Count == 0 && leaks.Count == 0)
        {
            var checkedCount = comparison.Scopes.Sum(s => s.Verdicts.Count);
            console.MarkupLine($"[green]No regressions[/] ({checkedCount} checks: every change was within its threshold or not statistically significant).");
        }

        foreach (var (scope, verdict) in regressions)
        {
            var colour = verdict.Severity switch { RegressionSeverity.Critical => "red", RegressionSeverity.Warning => "yellow", _ => "grey" };
            console.MarkupLine($"[{colour}]{verdict.Severity.ToSeedName()}[/] {Markup.Escape(scope.Label)} {Markup.Escape(verdict.Metric)}: {Markup.Escape(verdict.Explanation)}");
        }

        foreach (var (scenario, leak) in leaks)
        {
            console.MarkupLine($"[red]{leak.Severity.ToSeedName()}[/] {Markup.Escape(scenario)} memory_leak: {Markup.Escape(leak.Explanation)}");
        }

        foreach (var name in comparison.Unmatched)
        {
            console.MarkupLine($"[yellow]![/] scenario {Markup.Escape(name)} has no counterpart in the baseline run; not compared.");
        }

        if (comparison.Blocks(failOn))
        {
            console.MarkupLine(string.Create(CultureInfo.InvariantCulture, $"[red]blocking[/]: a regression asks to {(regressions.Any(r => r.Verdict.Action == RegressionAction.BlockDeployment) ? "block the deployment" : "stop at this severity")} (exit 3)."));
        }
    }

    /// <summary>The smallest change this comparison grades at each level, and which thresholds are tighter than its noise.</summary>
    private static string Sensitivity(string scope, RegressionVerdict verdict)
    {
        var sign = verdict.Direction == Engine.MetricDirection.LowerIsWorse ? "-" : "+";
        string Signed(double percent) => percent < 0.05 ? "0%" : string.Create(CultureInfo.InvariantCulture, $"{sign}{percent:0.#}%");
        var levels = string.Join(", ", verdict.Detectable.OrderBy(d => d.Level).Select(d => $"{d.Level.ToSeedName()} {Signed(d.Percent)}"));
        var source = verdict.Rules.Any(r => r.Rule == "repeat_interval") ? "from the spread of repeats" : "from one run's seconds";
        var tight = verdict.Detectable.Where(d => d.TighterThanNoise).OrderBy(d => d.Level).Select(d => $"{d.Level.ToSeedName()} ({Signed(d.ThresholdPercent)})").ToList();
        var first = verdict.Detectable[0];
        var band = first.BandPercent is { } reach ? $", run-to-run band {Signed(reach)}" : "";
        var cv = verdict.RunToRunCvPercent is { } runToRun ? string.Create(CultureInfo.InvariantCulture, $"run-to-run CV {runToRun:0.#}%, ") : "";
        var line = string.Create(CultureInfo.InvariantCulture, $"[grey]sensitivity[/] {Markup.Escape(scope)} {verdict.Metric}: {cv}interval ±{first.IntervalPercent:0.#}% ({source}){band}; the smallest change graded is {levels}");
        return tight.Count == 0 ? line : $"{line}; [yellow]{string.Join(" and ", tight)} {(tight.Count == 1 ? "is" : "are")} tighter than this noise[/]";
    }
}
