using System.ComponentModel;
using System.Globalization;
using Redline.Cli.Terminal;
using Redline.Results.Comparison;
using Redline.Results.History;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Redline.Cli.Gate;

/// <summary>
/// <c>redline history changes</c>: a metric over stored runs, the newest against its 7-day band,
/// week over week, and the runs where its level shifted (change points, found after the fact).
/// </summary>
internal sealed class HistoryChangesCommand : AsyncCommand<HistoryChangesCommand.Settings>
{
    public static readonly TimeSpan Window = TimeSpan.FromDays(7);

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        await using var store = await settings.OpenStoreAsync(cancellationToken).ConfigureAwait(false);
        var runs = await store.ListRunsAsync(new RunQuery { Suite = settings.Suite, Scenario = settings.Scenario, Branch = settings.Branch, Limit = settings.Limit }, cancellationToken).ConfigureAwait(false);
        var series = Trend.Series(runs, settings.Scenario, settings.Component, settings.Metric);
        var scope = settings.Component is null ? settings.Scenario : $"{settings.Scenario} / {settings.Component}";
        AnsiConsole.MarkupLine(Markup.Escape($"{settings.Metric} of {settings.Suite} {scope}: {series.Count} runs"));
        if (Trend.Judge(settings.Metric, series, Window) is { } trend)
        {
            var weekly = trend.WeekOverWeekPercent is { } w ? string.Create(CultureInfo.InvariantCulture, $"{w:+0.0;-0.0}% week over week") : "no earlier week to compare";
            AnsiConsole.MarkupLine(Markup.Escape(string.Create(CultureInfo.InvariantCulture,
                $"newest {Format.Number(trend.Current)} against the last 7 days' median {Format.Number(trend.WindowMedian)} (3-sigma band {Format.Number(trend.Lower)} to {Format.Number(trend.Upper)}, {trend.Runs} runs): {(trend.Outside ? "OUTSIDE the band" : "inside the band")}; {weekly}")));
        }

        var shifts = Trend.Changes(series, settings.MinimumSegment);
        if (shifts.Count == 0)
        {
            AnsiConsole.MarkupLine($"no change points (a new level must last at least {settings.MinimumSegment} runs).");
        }

        foreach (var shift in shifts)
        {
            AnsiConsole.MarkupLine(Markup.Escape(string.Create(CultureInfo.InvariantCulture,
                $"change at run {shift.RunId} ({shift.At.UtcDateTime:yyyy-MM-dd HH:mm}): {Format.Number(shift.Before)} → {Format.Number(shift.After)} ({100 * (shift.After - shift.Before) / Math.Max(Math.Abs(shift.Before), 1e-9):+0.0;-0.0}%)")));
        }

        return ExitCodes.Ok;
    }

    /// <summary>The options of <c>redline history changes</c>.</summary>
    internal sealed class Settings : StoreSettings
    {
        [CommandOption("--suite <SUITE>")]
        public string Suite { get; init; } = "";

        [CommandOption("--scenario <SCENARIO>")]
        public string Scenario { get; init; } = "";

        [CommandOption("--component <COMPONENT>")]
        public string? Component { get; init; }

        [CommandOption("--metric <METRIC>")]
        [Description("response_time_p50, response_time_p95 (default), response_time_p99, throughput or error_rate.")]
        public string Metric { get; init; } = Engine.MetricCatalog.ResponseTimeP95.Name;

        [CommandOption("--branch <BRANCH>")]
        public string? Branch { get; init; }

        [CommandOption("--min-segment <RUNS>")]
        [Description("The fewest runs a new level must last to count as a change. Default: 5.")]
        public int MinimumSegment { get; init; } = 5;

        [CommandOption("--limit <N>")]
        public int Limit { get; init; } = 500;

        public override ValidationResult Validate()
        {
            var problems = new List<string>();
            if (Suite.Length == 0 || Scenario.Length == 0)
            {
                problems.Add("--suite and --scenario are required");
            }

            if (!Trend.Metrics.ContainsKey(Metric))
            {
                problems.Add($"--metric: expected {string.Join(", ", Trend.Metrics.Keys)}, got '{Metric}'");
            }

            if (MinimumSegment < 2 || Limit < 2)
            {
                problems.Add("--min-segment and --limit must be at least 2");
            }

            return problems.Count == 0 ? ValidationResult.Success() : ValidationResult.Error(string.Join(Environment.NewLine, problems));
        }
    }
}
