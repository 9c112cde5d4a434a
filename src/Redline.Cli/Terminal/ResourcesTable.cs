using Redline.Engine;
using Redline.Results.Reports;
using Spectre.Console;

namespace Redline.Cli.Terminal;

/// <summary>The resources beside the latencies at the end of a scenario: the target's CPU, memory, GC and thread pool, the machine, and recovery.</summary>
internal static class ResourcesTable
{
    /// <summary>Writes the table and the lines under it; nothing when the scenario has no resource report.</summary>
    public static void Print(IAnsiConsole console, ScenarioResult scenario)
    {
        if (scenario.Resources is { } resources)
        {
            var table = new Table().Border(TableBorder.Simple);
            table.AddColumn("resource");
            foreach (var heading in new[] { "mean", "p95", "max" })
            {
                table.AddColumn(new TableColumn(heading).RightAligned());
            }

            foreach (var (row, s) in ResourceHighlights.Present(resources))
            {
                table.AddRow(Markup.Escape(row.Label), Show(s.Mean, row.Kind), Show(s.P95, row.Kind), Show(s.Max, row.Kind));
            }

            if (table.Rows.Count > 0)
            {
                console.Write(table);
            }
        }

        foreach (var line in ResourceHighlights.Lines(scenario))
        {
            console.MarkupLine($"[grey]{Markup.Escape(line)}[/]");
        }
    }

    private static string Show(double value, ResourceKind kind) => Markup.Escape(ResourceHighlights.Show(value, kind));
}
