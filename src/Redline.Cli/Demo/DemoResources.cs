using System.Globalization;
using System.Text;
using Redline.Engine;
using Redline.Results.Reports;
using Spectre.Console;

namespace Redline.Cli.Demo;

/// <summary>One resource of the reference deployment under each profile.</summary>
/// <param name="Resource">What it is.</param>
/// <param name="Baseline">Its figure under the baseline profile.</param>
/// <param name="Optimized">Its figure under the optimized profile.</param>
internal sealed record DemoResourceRow(string Resource, string Baseline, string Optimized);

/// <summary>The demo's second table: what each profile cost the service in CPU, memory, GC and thread pool.</summary>
internal static class DemoResources
{
    private static readonly string[] Headings = ["target resource", "baseline", "optimized"];

    public static IReadOnlyList<DemoResourceRow> Build(ScenarioResult baseline, ScenarioResult optimized)
    {
        (string Label, Func<ScenarioResult, string?> Read)[] rows =
        [
            ("CPU mean (100% = one core)", s => Stat(s, "target.cpu_percent", x => x.Mean, ResourceKind.Percent)),
            ("memory (RSS) peak", s => Stat(s, "target.rss_bytes", x => x.Max, ResourceKind.Bytes)),
            ("GC heap peak", s => Stat(s, "target.runtime.gc_heap_bytes", x => x.Max, ResourceKind.Bytes)),
            ("allocation rate mean", s => Stat(s, "target.runtime.allocated_bytes_per_s", x => x.Mean, ResourceKind.BytesPerSecond)),
            ("GC pauses (count, p99)", s => s.Resources?.TargetGcPauses is { } p ? string.Create(CultureInfo.InvariantCulture, $"{p.Count}, {p.P99Ms:0.##} ms") : null),
            ("thread-pool threads peak", s => Stat(s, "target.runtime.thread_pool_threads", x => x.Max, ResourceKind.Count)),
            ("thread-pool queue peak", s => Stat(s, "target.runtime.thread_pool_queue", x => x.Max, ResourceKind.Count)),
            ("requests in flight peak", s => s.Business is { } b ? ResourceHighlights.Show(b.QueueDepth.Max, ResourceKind.Count) : null),
        ];
        return [.. rows
            .Select(r => new DemoResourceRow(r.Label, r.Read(baseline) ?? "—", r.Read(optimized) ?? "—"))
            .Where(r => r.Baseline != "—" || r.Optimized != "—")];
    }

    public static void Print(IReadOnlyList<DemoResourceRow> rows)
    {
        if (rows.Count == 0)
        {
            return;
        }

        var table = new Table().Border(TableBorder.Rounded).Title("the reference deployment's resources");
        foreach (var heading in Headings)
        {
            table.AddColumn(heading);
        }

        foreach (var row in rows)
        {
            table.AddRow(Markup.Escape(row.Resource), Markup.Escape(row.Baseline), Markup.Escape(row.Optimized));
        }

        AnsiConsole.WriteLine();
        AnsiConsole.Write(table);
    }

    public static void AppendMarkdown(StringBuilder text, IReadOnlyList<DemoResourceRow> rows)
    {
        if (rows.Count == 0)
        {
            return;
        }

        text.AppendLine();
        text.AppendLine("The reference deployment's resources under each profile:");
        text.AppendLine();
        text.AppendLine("| " + string.Join(" | ", Headings) + " |");
        text.AppendLine("|---|---|---|");
        foreach (var row in rows)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"| {row.Resource} | {row.Baseline} | {row.Optimized} |");
        }
    }

    private static string? Stat(ScenarioResult scenario, string series, Func<SeriesSummary, double> pick, ResourceKind kind) =>
        scenario.Resources?.Summary(series) is { } summary ? ResourceHighlights.Show(pick(summary), kind) : null;
}
