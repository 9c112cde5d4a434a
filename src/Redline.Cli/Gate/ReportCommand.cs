using System.ComponentModel;
using System.Globalization;
using Redline.Results.Comparison;
using Redline.Results.Reports;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Redline.Cli.Gate;

/// <summary>
/// <c>redline report RUN [--baseline B] --format F --out FILE</c>: one report of a stored run, judged with the thresholds
/// and goals stored with it; or <c>redline report --period day|week|month</c>: the seed's periodic report from the store.
/// </summary>
internal sealed class ReportCommand : AsyncCommand<ReportCommand.Settings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        await using var store = await settings.OpenStoreAsync(cancellationToken).ConfigureAwait(false);
        if (settings.PeriodValue is { } period)
        {
            var at = settings.At is null ? TimeProvider.System.GetUtcNow() : DateTimeOffset.Parse(settings.At, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
            var markdown = await PeriodReport.RenderAsync(store, period, at, settings.Suite, cancellationToken).ConfigureAwait(false);
            var file = Path.GetFullPath(settings.Out ?? $"redline-{settings.Period}-{PeriodReport.Window(period, at).Start:yyyy-MM-dd}.md");
            Directory.CreateDirectory(Path.GetDirectoryName(file)!);
            await File.WriteAllTextAsync(file, markdown, cancellationToken).ConfigureAwait(false);
            AnsiConsole.MarkupLine($"report: {Markup.Escape(file)}");
            return ExitCodes.Ok;
        }

        var stored = await BaselineResolver.LoadAsync(store, settings.Run!, cancellationToken).ConfigureAwait(false);
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
        [CommandArgument(0, "[RUN]")]
        [Description("The stored run: a run id or a named baseline (or --period instead).")]
        public string? Run { get; init; }

        [CommandOption("--period <PERIOD>")]
        [Description("Instead of one run: the daily summary (day), weekly trends (week) or monthly report (month) from the store, as Markdown.")]
        public string? Period { get; init; }

        [CommandOption("--at <DATE>")]
        [Description("With --period: a date (UTC) inside the period to report, e.g. 2026-12-01. Default: now.")]
        public string? At { get; init; }

        [CommandOption("--suite <SUITE>")]
        [Description("With --period: only this suite's runs.")]
        public string? Suite { get; init; }

        /// <summary>The parsed --period.</summary>
        public ReportPeriod? PeriodValue => Period switch { "day" => ReportPeriod.Day, "week" => ReportPeriod.Week, "month" => ReportPeriod.Month, _ => null };

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

        public override ValidationResult Validate()
        {
            var problems = new List<string>();
            if (ReportWriters.Find(Format) is null)
            {
                problems.Add($"--format: expected {string.Join(", ", ReportWriters.Formats)}, got '{Format}'");
            }

            if (Period is not null && PeriodValue is null)
            {
                problems.Add($"--period: expected day, week or month, got '{Period}'");
            }

            if ((Run is null) == (Period is null))
            {
                problems.Add("give a stored run (RUN) or --period day|week|month, not both or neither");
            }

            if (At is not null && !DateTimeOffset.TryParse(At, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out _))
            {
                problems.Add($"--at: expected a date such as 2026-12-01, got '{At}'");
            }

            return problems.Count == 0 ? ValidationResult.Success() : ValidationResult.Error(string.Join(Environment.NewLine, problems));
        }
    }
}
