using Redline.Cli.Suites;
using Redline.Engine;
using Redline.Results.Judgement;
using Spectre.Console;

namespace Redline.Cli.Terminal;

/// <summary>
/// Components with <c>baseline:</c> and <c>target:</c> tables, measured against each: the
/// improvement over the baseline and whether the target was met, metric by metric.
/// </summary>
internal static class TargetsTable
{
    public static void Print(Suite suite, RunResult result)
    {
        var rows = Rows(suite, result).ToList();
        if (rows.Count == 0)
        {
            return;
        }

        var table = new Table().Border(TableBorder.Simple).Title("against the baseline and target tables");
        foreach (var heading in GoalText.Headings)
        {
            table.AddColumn(heading);
        }

        foreach (var row in rows)
        {
            table.AddRow(row.Select(Markup.Escape).ToArray());
        }

        AnsiConsole.Write(table);
    }

    /// <summary>The goal rows of <paramref name="result"/> as the table shows them.</summary>
    public static IEnumerable<string[]> Rows(Suite suite, RunResult result) =>
        GoalCheck.Check(result, suite.Judgement().Goals).Select(GoalText.Cells);
}
