using System.ComponentModel;
using Redline.Engine;
using Redline.Results.Analysis;
using Redline.Results.Comparison;
using Redline.Results.Reports;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Redline.Cli.Gate;

/// <summary><c>redline report RUN [--baseline B] --format F --out FILE</c>: one report of a stored run.</summary>
internal sealed class ReportCommand : AsyncCommand<ReportCommand.Settings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        await using var store = await settings.OpenStoreAsync(cancellationToken).ConfigureAwait(false);
        var current = (await BaselineResolver.LoadAsync(store, settings.Run, cancellationToken).ConfigureAwait(false)).Result;
        RunResult? baseline = null;
        RunComparison? comparison = null;
        if (settings.Baseline is not null)
        {
            baseline = (await BaselineResolver.ResolveAsync(store, settings.Baseline, current, settings.BaselineBranch, Environment.CurrentDirectory, cancellationToken).ConfigureAwait(false))?.Result
                ?? throw new UserFacingException(ExitCodes.BadInput, $"no baseline for run {current.RunId} in {store.Location}.");
            BaselineResolver.CheckSameMachine(baseline, current, settings.AllowCrossMachine);
            comparison = RegressionGate.Compare(baseline, current, RegressionThresholds.Default);
        }

        if (settings.Format is "md" or "json" && comparison is null)
        {
            throw new UserFacingException(ExitCodes.BadInput, $"--format {settings.Format} reports a comparison: give --baseline auto, a named baseline or a run id.");
        }

        var failOn = RegressionSeverity.Critical;
        var path = Path.GetFullPath(settings.Out ?? $"{current.RunId}.{Extension(settings.Format)}");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using (var stream = File.Create(path))
        {
            switch (settings.Format)
            {
                case "md":
                    await WriteTextAsync(stream, PrComment.Render(baseline!, current, comparison!, failOn, reportUrl: null)).ConfigureAwait(false);
                    break;
                case "json":
                    AnalysisDocument.Write(stream, baseline!, current, comparison!, failOn, reportUrl: null);
                    break;
                case "junit":
                    JUnitReport.Write(stream, current, comparison, failOn);
                    break;
                case "csv":
                    await WriteTextAsync(stream, CsvReport.Render(current, comparison)).ConfigureAwait(false);
                    break;
                case "html":
                    await WriteTextAsync(stream, Results.Reports.Html.HtmlReport.Render(current, baseline, comparison, failOn)).ConfigureAwait(false);
                    break;
            }
        }

        AnsiConsole.MarkupLine($"report: {Markup.Escape(path)}");
        return ExitCodes.Ok;
    }

    private static async Task WriteTextAsync(Stream stream, string text)
    {
        await using var writer = new StreamWriter(stream, leaveOpen: true);
        await writer.WriteAsync(text).ConfigureAwait(false);
    }

    private static string Extension(string format) => format switch { "md" => "md", "junit" => "xml", "csv" => "csv", _ => format };

    /// <summary>The options of <c>redline report</c>.</summary>
    internal sealed class Settings : StoreSettings
    {
        public static readonly string[] Formats = ["md", "json", "junit", "csv", "html"];

        [CommandArgument(0, "<RUN>")]
        [Description("The stored run: a run id or a named baseline.")]
        public string Run { get; init; } = "";

        [CommandOption("-f|--format <FORMAT>")]
        [Description("html (the full report), md (the PR comment), json (analysis.json), junit or csv.")]
        public string Format { get; init; } = "html";

        [CommandOption("-b|--baseline <BASELINE>")]
        [Description("Compare with auto, a named baseline or a run id.")]
        public string? Baseline { get; init; }

        [CommandOption("--baseline-branch <BRANCH>")]
        public string BaselineBranch { get; init; } = "main";

        [CommandOption("--allow-cross-machine")]
        public bool AllowCrossMachine { get; init; }

        [CommandOption("-o|--out <FILE>")]
        [Description("Where to write it. Default: RUN.EXT in the current folder.")]
        public string? Out { get; init; }

        public override ValidationResult Validate() =>
            Formats.Contains(Format, StringComparer.Ordinal) ? ValidationResult.Success() : ValidationResult.Error($"--format: expected {string.Join(", ", Formats)}, got '{Format}'");
    }
}
