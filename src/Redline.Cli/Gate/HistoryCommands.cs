using System.ComponentModel;
using System.Globalization;
using Redline.Cli.Suites;
using Redline.Cli.Terminal;
using Redline.Engine;
using Redline.Results.History;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Redline.Cli.Gate;

/// <summary><c>redline history list</c>: stored runs, newest first, filtered.</summary>
internal sealed class HistoryListCommand : AsyncCommand<HistoryListCommand.Settings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        await using var store = await settings.OpenStoreAsync(cancellationToken).ConfigureAwait(false);
        var query = new RunQuery
        {
            Suite = settings.Suite,
            Scenario = settings.Scenario,
            Branch = settings.Branch,
            Labels = settings.Labels.Select(l => l.Split('=', 2)).Where(p => p.Length == 2).ToDictionary(p => p[0], p => p[1], StringComparer.Ordinal),
            Since = settings.Since is null ? null : TimeProvider.System.GetUtcNow() - settings.SinceSpan,
            Limit = settings.Limit,
        };
        var runs = await store.ListRunsAsync(query, cancellationToken).ConfigureAwait(false);
        var table = new Table().Border(TableBorder.Simple);
        foreach (var heading in new[] { "run", "suite", "scenarios", "started", "branch", "commit", "verdict", "p95 ms", "req/s", "labels" })
        {
            table.AddColumn(heading);
        }

        foreach (var run in runs)
        {
            var first = run.Summaries.FirstOrDefault(s => s.Component is null);
            table.AddRow(
                Markup.Escape(run.Id),
                Markup.Escape(run.Suite),
                Markup.Escape(string.Join(", ", run.Scenarios)),
                run.StartedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture),
                Markup.Escape(run.Environment.GitBranch ?? ""),
                Markup.Escape(run.Environment.GitCommit is { Length: > 8 } c ? c[..8] : run.Environment.GitCommit ?? ""),
                ResultsJsonWriter.VerdictName(run.Verdict),
                first is null ? "" : Format.Number(first.Measures.Latency.P95, "0.0"),
                first is null ? "" : Format.Number(first.Measures.ThroughputRps, "0.0"),
                Markup.Escape(string.Join(" ", run.Labels.Select(p => $"{p.Key}={p.Value}"))));
        }

        AnsiConsole.Write(table);
        AnsiConsole.MarkupLine($"{runs.Count} run{(runs.Count == 1 ? "" : "s")} in {Markup.Escape(store.Location)}");
        return ExitCodes.Ok;
    }

    /// <summary>The options of <c>redline history list</c>.</summary>
    internal sealed class Settings : StoreSettings
    {
        [CommandOption("--suite <SUITE>")]
        public string? Suite { get; init; }

        [CommandOption("--scenario <SCENARIO>")]
        public string? Scenario { get; init; }

        [CommandOption("--branch <BRANCH>")]
        public string? Branch { get; init; }

        [CommandOption("--label <KEY=VALUE>")]
        [Description("Only runs with this label; repeatable.")]
        public string[] Labels { get; init; } = [];

        [CommandOption("--since <DURATION>")]
        [Description("Only runs started within this long, e.g. 7d is not a unit: use 168h.")]
        public string? Since { get; init; }

        [CommandOption("--limit <N>")]
        public int Limit { get; init; } = 50;

        public TimeSpan SinceSpan => Since is not null && SuiteUnits.TryParseDuration(Since, out var d) ? d : TimeSpan.Zero;

        public override ValidationResult Validate() =>
            Since is not null && !SuiteUnits.TryParseDuration(Since, out _) ? ValidationResult.Error($"--since: expected a duration such as 24h, got '{Since}'")
            : Limit <= 0 ? ValidationResult.Error("--limit: expected a positive number")
            : ValidationResult.Success();
    }
}

/// <summary><c>redline history show RUN</c>: one stored run's figures.</summary>
internal sealed class HistoryShowCommand : AsyncCommand<HistoryShowCommand.Settings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        await using var store = await settings.OpenStoreAsync(cancellationToken).ConfigureAwait(false);
        var run = await BaselineResolver.LoadAsync(store, settings.Run, cancellationToken).ConfigureAwait(false);
        var environment = run.Result.Environment;
        AnsiConsole.MarkupLine($"run {Markup.Escape(run.Info.Id)} of suite {Markup.Escape(run.Info.Suite)}, {run.Info.StartedAt.UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC, {ResultsJsonWriter.VerdictName(run.Info.Verdict)}");
        AnsiConsole.MarkupLine(Markup.Escape($"machine {environment.Fingerprint}: {environment.CpuModel}, {environment.Cores} cores, {Format.Bytes(environment.MemoryBytes)}, {environment.Runtime}; git {environment.GitBranch ?? "-"} {environment.GitCommit ?? "-"}{(environment.GitDirty == true ? " (dirty)" : "")}"));
        if (run.Info.Labels.Count > 0)
        {
            AnsiConsole.MarkupLine(Markup.Escape("labels: " + string.Join(" ", run.Info.Labels.Select(p => $"{p.Key}={p.Value}"))));
        }

        Summary.Print(run.Result, "(stored)");
        return ExitCodes.Ok;
    }

    /// <summary>The options of <c>redline history show</c>.</summary>
    internal sealed class Settings : StoreSettings
    {
        [CommandArgument(0, "<RUN>")]
        public string Run { get; init; } = "";
    }
}

/// <summary><c>redline history prune</c>: applies the retention policy now (it also runs after every stored run, with the defaults).</summary>
internal sealed class HistoryPruneCommand : AsyncCommand<HistoryPruneCommand.Settings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        await using var store = await settings.OpenStoreAsync(cancellationToken).ConfigureAwait(false);
        var policy = new RetentionPolicy(Span(settings.Raw), Span(settings.Hourly), Span(settings.Daily));
        var result = await store.PruneAsync(policy, TimeProvider.System.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        AnsiConsole.MarkupLine(Markup.Escape(string.Create(CultureInfo.InvariantCulture,
            $"pruned {store.Location}: {result.RunsRolledUp} runs' raw intervals ({result.IntervalsRolledUp} seconds) rolled up hourly, {result.HourlyRollupsMerged} hourly buckets merged into daily ones, {result.DailyRollupsDeleted} daily buckets past their horizon deleted; regression reports are kept")));
        return ExitCodes.Ok;
    }

    private static TimeSpan Span(string text) => SuiteUnits.TryParseDuration(text, out var d) ? d : TimeSpan.Zero;

    /// <summary>The options of <c>redline history prune</c>: the seed's retention policy by default.</summary>
    internal sealed class Settings : StoreSettings
    {
        [CommandOption("--raw <DURATION>")]
        [Description("Keep per-second intervals this long. Default: 168h (7 days).")]
        public string Raw { get; init; } = "168h";

        [CommandOption("--hourly <DURATION>")]
        [Description("Keep hourly rollups this long. Default: 720h (30 days).")]
        public string Hourly { get; init; } = "720h";

        [CommandOption("--daily <DURATION>")]
        [Description("Keep daily rollups this long. Default: 8760h (1 year).")]
        public string Daily { get; init; } = "8760h";

        public override ValidationResult Validate()
        {
            var bad = new[] { ("--raw", Raw), ("--hourly", Hourly), ("--daily", Daily) }
                .Where(p => !SuiteUnits.TryParseDuration(p.Item2, out var d) || d <= TimeSpan.Zero)
                .Select(p => $"{p.Item1}: expected a duration such as 168h, got '{p.Item2}'")
                .ToList();
            if (bad.Count == 0 && !(Span(Raw) <= Span(Hourly) && Span(Hourly) <= Span(Daily)))
            {
                bad.Add("the horizons must grow: --raw <= --hourly <= --daily");
            }

            return bad.Count == 0 ? ValidationResult.Success() : ValidationResult.Error(string.Join(Environment.NewLine, bad));
        }
    }
}
