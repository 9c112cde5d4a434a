using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Redline.Cli.Gate;

/// <summary>
/// <c>redline compare BASE HEAD</c>: two stored runs, metric by metric, judged with the thresholds stored with HEAD
/// (as <c>run --baseline</c> judged it); exit 3 on a blocking regression.
/// </summary>
internal sealed class CompareCommand : AsyncCommand<CompareCommand.Settings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        await using var store = await settings.OpenStoreAsync(cancellationToken).ConfigureAwait(false);
        var baseline = await BaselineResolver.LoadAsync(store, await NameOrIdAsync(store, settings.Base, cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
        var head = await BaselineResolver.LoadAsync(store, await NameOrIdAsync(store, settings.Head, cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
        BaselineResolver.CheckSameMachine(baseline.Result, head.Result, settings.AllowCrossMachine);
        var failOn = settings.FailOn switch { "warning" => Results.Analysis.RegressionSeverity.Warning, "notice" => Results.Analysis.RegressionSeverity.Notice, _ => Results.Analysis.RegressionSeverity.Critical };
        var comparison = await RegressionGate.CompareAsync(store, baseline.Result, head.Result, head.Judgement, settings.NoiseWindowValue, cancellationToken).ConfigureAwait(false);
        ComparisonView.Print(comparison, failOn);
        var outDir = Path.GetFullPath(settings.Out ?? Path.Combine(".redline", "compare", $"{head.Result.RunId}-vs-{baseline.Result.RunId}"));
        Directory.CreateDirectory(outDir);
        var report = Results.Reports.ReportContext.Of(head.Result, head.Judgement) with { Baseline = baseline.Result, Comparison = comparison, FailOn = failOn };
        foreach (var path in GateReports.Write(outDir, settings.Reports.Append("json").Append("md"), report))
        {
            AnsiConsole.MarkupLine($"report: {Markup.Escape(path)}");
        }

        await RegressionGate.KeepReportAsync(store, report, cancellationToken).ConfigureAwait(false);
        return comparison.Blocks(failOn) ? ExitCodes.BlockingRegression : ExitCodes.Ok;
    }

    private static async Task<string> NameOrIdAsync(Results.History.IHistoryStore store, string value, CancellationToken cancellationToken) =>
        (await store.GetBaselineAsync(value, cancellationToken).ConfigureAwait(false))?.RunId ?? value;

    /// <summary>The options of <c>redline compare</c>.</summary>
    internal sealed class Settings : GateSettings
    {
        [CommandArgument(0, "<BASE>")]
        [Description("The baseline: a run id or a named baseline.")]
        public string Base { get; init; } = "";

        [CommandArgument(1, "<HEAD>")]
        [Description("The run to judge: a run id or a named baseline.")]
        public string Head { get; init; } = "";

        [CommandOption("--fail-on <SEVERITY>")]
        [Description("The lowest severity that fails (exit 3): critical (default), warning or notice.")]
        public string FailOn { get; init; } = "critical";

        [CommandOption("--allow-cross-machine")]
        [Description("Compare runs measured on different machines.")]
        public bool AllowCrossMachine { get; init; }

        [CommandOption("-o|--out <DIR>")]
        [Description("Where the reports go. Default: .redline/compare/<head>-vs-<base>/")]
        public string? Out { get; init; }

        [CommandOption("--report <FORMATS>")]
        [Description("Reports besides analysis.json and pr-comment.md (always written): junit, csv, html; comma-separated or repeated.")]
        public string[] Reports { get; init; } = [];

        public override ValidationResult Validate()
        {
            var problems = GateReports.Validate(Reports).Concat(NoiseWindowProblems()).ToList();
            if (FailOn is not ("critical" or "warning" or "notice"))
            {
                problems.Add($"--fail-on: expected critical, warning or notice, got '{FailOn}'");
            }

            return problems.Count == 0 ? ValidationResult.Success() : ValidationResult.Error(string.Join(Environment.NewLine, problems));
        }
    }
}
