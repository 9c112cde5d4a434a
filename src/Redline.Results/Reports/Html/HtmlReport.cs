using System.Globalization;
using System.Text;
using Redline.Engine;
using Redline.Results.Analysis;
using Redline.Results.Comparison;
using Redline.Results.Judgement;

namespace Redline.Results.Reports.Html;

/// <summary>The full report as one self-contained HTML file: tables, inline SVG charts, no script and nothing fetched from the network.</summary>
public static class HtmlReport
{
    // No script is needed and none is allowed: even if a name slipped past escaping, the browser would run nothing.
    private const string Policy = "default-src 'none'; style-src 'unsafe-inline'";

    /// <summary>The report of <paramref name="current"/>, compared with <paramref name="baseline"/> when <paramref name="comparison"/> is given.</summary>
    public static string Render(RunResult current, RunResult? baseline, RunComparison? comparison, RegressionSeverity failOn) =>
        Render(new ReportContext(current) { Baseline = baseline, Comparison = comparison, FailOn = failOn });

    /// <summary>The report of <paramref name="context"/>, with a section of components measured against their baseline and target goals.</summary>
    public static string Render(ReportContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var (current, baseline, comparison, failOn) = (context.Current, context.Baseline, context.Comparison, context.FailOn);
        var html = new StringBuilder(64 * 1024);
        html.AppendLine("<!DOCTYPE html>");
        html.AppendLine("<html lang=\"en\">");
        html.AppendLine("<head>");
        html.AppendLine("<meta charset=\"utf-8\">");
        html.Append(CultureInfo.InvariantCulture, $"<meta http-equiv=\"Content-Security-Policy\" content=\"{Policy}\">");
        html.AppendLine();
        html.AppendLine("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">");
        html.Append(CultureInfo.InvariantCulture, $"<title>{Escape.Html(Title(current))}</title>");
        html.AppendLine();
        html.Append("<style>").Append(Style.Css).AppendLine("</style>");
        html.AppendLine("</head>");
        html.AppendLine("<body><main>");
        SummarySection.Write(html, current, baseline, comparison, failOn);
        Contents(html, current);
        AlertsSection.Write(html, current.Alerts);
        Goals(html, context.Goals);
        for (var i = 0; i < current.Scenarios.Count; i++)
        {
            var scenario = current.Scenarios[i];
            ScenarioSection.Write(html, scenario, i, baseline?.Scenarios.FirstOrDefault(s => s.Name == scenario.Name), comparison);
        }

        html.Append(CultureInfo.InvariantCulture, $"<footer>Redline · results schema {RunResult.SchemaVersion} · generated from run {Escape.Html(current.RunId)}</footer>");
        html.AppendLine();
        html.AppendLine("</main></body>");
        html.AppendLine("</html>");
        return html.ToString();
    }

    /// <summary>The document's title, before escaping.</summary>
    internal static string Title(RunResult current)
    {
        ArgumentNullException.ThrowIfNull(current);
        return $"Redline report: {current.Suite}, run {current.RunId}";
    }

    private static void Goals(StringBuilder html, IReadOnlyList<GoalRow> goals)
    {
        if (goals.Count == 0)
        {
            return;
        }

        html.AppendLine("<section id=\"goals\"><h2>Against the baseline and target tables</h2><table>");
        Markup.Head(html, GoalText.Headings);
        html.AppendLine("<tbody>");
        foreach (var row in goals)
        {
            Markup.Row(html, row.Met == false ? "regression sev-warning" : null, GoalText.Cells(row));
        }

        html.AppendLine("</tbody></table></section>");
    }

    private static void Contents(StringBuilder html, RunResult current)
    {
        if (current.Scenarios.Count < 2)
        {
            return;
        }

        html.AppendLine("<nav><ul>");
        for (var i = 0; i < current.Scenarios.Count; i++)
        {
            html.Append(CultureInfo.InvariantCulture, $"<li><a href=\"#scenario-{i + 1}\">{Escape.Html(current.Scenarios[i].Name)}</a></li>");
        }

        html.AppendLine("</ul></nav>");
    }
}
