using System.ComponentModel;
using Redline.Results.Analysis;
using Spectre.Console.Cli;

namespace Redline.Cli.Gate;

/// <summary>
/// The options of the commands that produce a run and judge it: <c>run</c> and <c>bench import</c>. Where its
/// files go, whether it is stored, and the baseline, severity and reports of the regression gate.
/// </summary>
internal abstract class JudgedRunSettings : GateSettings
{
    [CommandOption("-o|--out <DIR>")]
    [Description("Where to write results.json and intervals.ndjson. Default: .redline/runs/<run-id>/")]
    public string? Out { get; init; }

    [CommandOption("--no-store")]
    [Description("Do not keep this run in the history store.")]
    public bool NoStore { get; init; }

    [CommandOption("-l|--label <KEY=VALUE>")]
    [Description("A label stored with the run, e.g. version=1.4.0; repeatable.")]
    public string[] Labels { get; init; } = [];

    [CommandOption("-b|--baseline <BASELINE>")]
    [Description("Compare with a baseline: auto (the newest run of this suite and scenario on the baseline branch, same machine), a named baseline, or a run id.")]
    public string? Baseline { get; init; }

    [CommandOption("--baseline-branch <BRANCH>")]
    [Description("The branch --baseline auto looks on. Default: main.")]
    public string BaselineBranch { get; init; } = "main";

    [CommandOption("--fail-on <SEVERITY>")]
    [Description("The lowest regression severity that fails the run (exit 3): critical (default), warning or notice.")]
    public string FailOn { get; init; } = "critical";

    [CommandOption("--allow-cross-machine")]
    [Description("Compare with a baseline measured on another machine.")]
    public bool AllowCrossMachine { get; init; }

    [CommandOption("--report <FORMATS>")]
    [Description("Also write these reports into the output folder: html, md, json, junit, csv (comma-separated or repeated).")]
    public string[] Reports { get; init; } = [];

    [CommandOption("--threshold-margin <POINTS>")]
    [Description("Percentage points added to every regression threshold for timing, throughput, CPU and memory, e.g. 6 on a noisy machine (redline ci sets it from its stability probe). Default 0.")]
    public double ThresholdMargin { get; init; }

    [CommandOption("--thresholds <FILE>")]
    [Description("Judge with the regression_thresholds: of this YAML file (a suite file has them) instead of the suite's or the seed's; for micro-benchmarks, which have no suite file of their own.")]
    public string? Thresholds { get; init; }

    /// <summary>The thresholds --thresholds names, read when the options were checked; null without it.</summary>
    public RegressionThresholds? ThresholdsOverride { get; private set; }

    /// <summary>The parsed --label values.</summary>
    public IReadOnlyDictionary<string, string> LabelValues =>
        Labels.Select(l => l.Split('=', 2)).Where(p => p.Length == 2).ToDictionary(p => p[0].Trim(), p => p[1].Trim(), StringComparer.Ordinal);

    /// <summary>The parsed --fail-on.</summary>
    public RegressionSeverity FailOnSeverity => FailOn switch
    {
        "warning" => RegressionSeverity.Warning,
        "notice" => RegressionSeverity.Notice,
        _ => RegressionSeverity.Critical,
    };

    /// <summary>What is wrong with these options, if anything.</summary>
    protected IEnumerable<string> JudgementProblems()
    {
        foreach (var label in Labels.Where(l => !l.Contains('=', StringComparison.Ordinal) || l.StartsWith('=')))
        {
            yield return $"--label: expected KEY=VALUE, got '{label}'";
        }

        if (FailOn is not ("critical" or "warning" or "notice"))
        {
            yield return $"--fail-on: expected critical, warning or notice, got '{FailOn}'";
        }

        if (!(ThresholdMargin >= 0 && ThresholdMargin <= 100))
        {
            yield return $"--threshold-margin: expected percentage points from 0 to 100, got {ThresholdMargin.ToString(System.Globalization.CultureInfo.InvariantCulture)}";
        }

        if (Thresholds is not null)
        {
            var (thresholds, problems) = ThresholdsFile.Load(Thresholds);
            ThresholdsOverride = thresholds;
            foreach (var problem in problems)
            {
                yield return problem;
            }
        }

        foreach (var problem in GateReports.Validate(Reports).Concat(NoiseWindowProblems()))
        {
            yield return problem;
        }
    }
}
