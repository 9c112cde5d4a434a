using System.ComponentModel;
using Redline.Results.Comparison;
using Redline.Results.Reports;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Redline.Cli.Gate;

/// <summary><c>redline report RUN [--baseline B] --format F --out FILE</c>: one report of a stored run, judged with the thresholds and goals stored with it.</summary>
internal sealed class ReportCommand : AsyncCommand<ReportCommand.Settings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        await using var store = await settings.OpenStoreAsync(cancellationToken).ConfigureAwait(false);
        var stored = await BaselineResolver.LoadAsync(store, settings.Run, cancellationToken).ConfigureAwait(false);
        var current = stored.Result;
        var report = ReportContext.Of(current, stored.Judgement);
        if (settings.Baseline is not null)
        {
            var baseline = (await BaselineResolver.ResolveAsync(store, settings.Baseline, current, settings.BaselineBranch, Environment.CurrentDirectory, cancellationToken).ConfigureAwait(false))?.Result
                ?? throw new UserFacingException(ExitCodes.BadInput, $"no baseline for run {current.RunId} in {store.Location}.");
            BaselineResolver.CheckSameMachine(baseline, current, settings.AllowCrossMachine);
            report = report with { Baseline = baseline, Comparison = await RegressionGate.CompareAsync(store, baseline, current, stored.Judgement, RunToRunNoise.DefaultWindow, cancellationToken).ConfigureAwait(false) };
        }

        var writer = ReportWriters.Find(settings.Format)!;
        if (writer.NeedsComparison && report.Comparison is null)
        {
            throw new UserFacingException(ExitCodes.BadInput, $"--format {settings.Format} reports a comparison: give --baseline auto, a named baseline or a run id.");
        }

        var path = Path.GetFullPath(settings.Out ?? $"{current.RunId}.{writer.Extension}");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        writer.WriteFile(path, report);
        AnsiConsole.MarkupLine($"report: {Markup.Escape(path)}");
        return ExitCodes.Ok;
    }

    /// <summary>The options of <c>redline report</c>.</summary>
    internal sealed class Settings : StoreSettings
    {
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
            ReportWriters.Find(Format) is not null ? ValidationResult.Success() : ValidationResult.Error($"--format: expected {string.Join(", ", ReportWriters.Formats)}, got '{Format}'");
    }
}
