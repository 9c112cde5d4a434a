using System.Globalization;
using System.Text;
using Redline.Engine;
using Redline.Results.Comparison;
using Redline.Results.History;

namespace Redline.Results.Reports;

/// <summary>The length of a periodic report: the seed's daily summary, weekly trends and monthly report.</summary>
public enum ReportPeriod
{
    /// <summary>A UTC day.</summary>
    Day,

    /// <summary>An ISO week (Monday to Sunday, UTC).</summary>
    Week,

    /// <summary>A calendar month (UTC).</summary>
    Month,
}

/// <summary>
/// A periodic report read from what the history store keeps (run summaries and regression reports, which retention
/// never drops), without running anything again: for each suite and scenario, how many runs the period had and how
/// many passed, the median of each trended metric against the period before, and the regressions reported.
/// </summary>
public static class PeriodReport
{
    private static readonly string[] Metrics = ["response_time_p95", "throughput", "error_rate"];

    /// <summary>The period of <paramref name="kind"/> that holds <paramref name="at"/>: its start and its end (exclusive).</summary>
    public static (DateTimeOffset Start, DateTimeOffset End) Window(ReportPeriod kind, DateTimeOffset at)
    {
        var day = new DateTimeOffset(at.UtcDateTime.Date, TimeSpan.Zero);
        return kind switch
        {
            ReportPeriod.Day => (day, day.AddDays(1)),
            ReportPeriod.Week => (day.AddDays(-(((int)day.DayOfWeek + 6) % 7)), day.AddDays(-(((int)day.DayOfWeek + 6) % 7)).AddDays(7)),
            _ => (new DateTimeOffset(day.Year, day.Month, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(day.Year, day.Month, 1, 0, 0, 0, TimeSpan.Zero).AddMonths(1)),
        };
    }

    /// <summary>The report's Markdown, from the store, for the period of <paramref name="kind"/> holding <paramref name="at"/>.</summary>
    public static async Task<string> RenderAsync(IHistoryStore store, ReportPeriod kind, DateTimeOffset at, string? suite, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        var (start, end) = Window(kind, at);
        var (previousStart, _) = Window(kind, start.AddTicks(-1));
        var runs = await store.ListRunsAsync(new RunQuery { Suite = suite, Since = previousStart, Until = end, Limit = 100_000 }, cancellationToken).ConfigureAwait(false);
        var reports = (await store.ListReportsAsync(null, 100_000, cancellationToken).ConfigureAwait(false))
            .Where(r => r.CreatedAt >= start && r.CreatedAt < end && (suite is null || r.Suite == suite))
            .OrderBy(r => r.CreatedAt)
            .ToList();
        return Render(kind, start, end, [.. runs.Where(r => r.StartedAt >= start && r.StartedAt < end)], [.. runs.Where(r => r.StartedAt >= previousStart && r.StartedAt < start)], reports);
    }

    /// <summary>The report's Markdown from the runs of the period, those of the period before, and the regression reports of the period.</summary>
    public static string Render(ReportPeriod kind, DateTimeOffset start, DateTimeOffset end, IReadOnlyList<RunInfo> runs, IReadOnlyList<RunInfo> previous, IReadOnlyList<StoredReport> reports)
    {
        ArgumentNullException.ThrowIfNull(runs);
        ArgumentNullException.ThrowIfNull(previous);
        ArgumentNullException.ThrowIfNull(reports);
        var culture = CultureInfo.InvariantCulture;
        var text = new StringBuilder();
        var title = kind switch { ReportPeriod.Day => "Daily summary", ReportPeriod.Week => "Weekly trends", _ => "Monthly report" };
        text.AppendLine(culture, $"# {title}: {start:yyyy-MM-dd} to {end.AddTicks(-1):yyyy-MM-dd} (UTC)");
        text.AppendLine();
        var blocking = reports.Count(r => r.Outcome == "blocking");
        text.AppendLine(culture, $"{runs.Count} run{(runs.Count == 1 ? "" : "s")} ({runs.Count(r => r.Verdict == Verdict.Passed)} passed, {runs.Count(r => r.Verdict == Verdict.Failed)} failed, {runs.Count(r => r.Verdict == Verdict.Aborted)} aborted); {reports.Count} comparison{(reports.Count == 1 ? "" : "s")} reported, {blocking} blocking. Against the {kind.ToString().ToLowerInvariant()} before: {previous.Count} run{(previous.Count == 1 ? "" : "s")}.");
        if (runs.Count == 0)
        {
            text.AppendLine();
            text.AppendLine("No run was stored in this period.");
        }

        foreach (var group in runs.GroupBy(r => r.Suite, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            text.AppendLine();
            text.AppendLine(culture, $"## {PrComment.Escape(group.Key)} ({group.Count()} run{(group.Count() == 1 ? "" : "s")}, {group.Count(r => r.Verdict == Verdict.Passed)} passed)");
            var scenarios = group.SelectMany(r => r.Scenarios).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
            if (scenarios.Count == 0)
            {
                text.AppendLine();
                text.AppendLine("Micro-benchmark runs: their comparisons are listed below.");
                continue;
            }

            text.AppendLine();
            text.AppendLine("| scenario | metric | runs | median | range | median before | change |");
            text.AppendLine("|---|---|---:|---:|---:|---:|---:|");
            foreach (var scenario in scenarios)
            {
                foreach (var metric in Metrics.Where(Trend.Metrics.ContainsKey))
                {
                    var values = Trend.Series(group, scenario, null, metric).Select(p => p.Value).ToList();
                    if (values.Count == 0)
                    {
                        continue;
                    }

                    var before = Trend.Series(previous.Where(r => r.Suite == group.Key), scenario, null, metric).Select(p => p.Value).ToList();
                    var median = Median(values);
                    double? was = before.Count == 0 ? null : Median(before);
                    var change = was is { } b && Math.Abs(b) > 1e-9 ? (100 * (median - b) / Math.Abs(b)).ToString("+0.0;-0.0;0.0", culture) + "%" : "";
                    text.AppendLine(culture, $"| {PrComment.Escape(scenario)} | {metric} | {values.Count} | {Number(median)} | {Number(values.Min())} to {Number(values.Max())} | {(was is { } w ? Number(w) : "")} | {change} |");
                }
            }
        }

        text.AppendLine();
        text.AppendLine("## Comparisons reported");
        text.AppendLine();
        if (reports.Count == 0)
        {
            text.AppendLine("None in this period.");
        }
        else
        {
            text.AppendLine("| when | suite | scenario | run | against | outcome |");
            text.AppendLine("|---|---|---|---|---|---|");
            foreach (var report in reports)
            {
                text.AppendLine(culture, $"| {report.CreatedAt:yyyy-MM-dd HH:mm} | {PrComment.Escape(report.Suite)} | {PrComment.Escape(report.Scenario ?? "")} | {report.HeadRunId} | {report.BaseRunId} | {report.Outcome} |");
            }
        }

        return text.ToString();
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }

    private static string Number(double value) => value.ToString(Math.Abs(value) < 10 ? "0.###" : "0.#", CultureInfo.InvariantCulture);
}
