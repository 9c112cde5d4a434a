using System.Globalization;
using System.Text;
using Redline.Engine;
using Redline.Results.Analysis;

namespace Redline.Results.Reports.Html;

/// <summary>Small pieces of markup the sections share. Every text argument is escaped here, so callers pass raw text.</summary>
internal static class Markup
{
    /// <summary>A row of plain-text cells; the first one a row header.</summary>
    public static void Row(StringBuilder html, string? rowClass, params string[] cells)
    {
        html.Append(rowClass is null ? "<tr>" : $"<tr class=\"{Escape.Html(rowClass)}\">");
        for (var i = 0; i < cells.Length; i++)
        {
            html.Append(i == 0 ? "<th scope=\"row\">" : "<td>").Append(Escape.Html(cells[i])).Append(i == 0 ? "</th>" : "</td>");
        }

        html.AppendLine("</tr>");
    }

    /// <summary>A table's head row.</summary>
    public static void Head(StringBuilder html, params string[] headings)
    {
        html.Append("<thead><tr>");
        foreach (var heading in headings)
        {
            html.Append("<th scope=\"col\">").Append(Escape.Html(heading)).Append("</th>");
        }

        html.AppendLine("</tr></thead>");
    }

    /// <summary>A definition list of label/value pairs; values are plain text.</summary>
    public static void Facts(StringBuilder html, IEnumerable<(string Label, string? Value)> facts)
    {
        html.AppendLine("<dl class=\"facts\">");
        foreach (var (label, value) in facts.Where(f => !string.IsNullOrEmpty(f.Value)))
        {
            html.Append(CultureInfo.InvariantCulture, $"<dt>{Escape.Html(label)}</dt><dd>{Escape.Html(value)}</dd>");
            html.AppendLine();
        }

        html.AppendLine("</dl>");
    }

    public static string Badge(Verdict verdict) => verdict switch
    {
        Verdict.Passed => "<span class=\"badge pass\">passed</span>",
        Verdict.Failed => "<span class=\"badge fail\">failed</span>",
        _ => "<span class=\"badge warn\">aborted</span>",
    };

    public static string Badge(RegressionSeverity severity) => severity == RegressionSeverity.None
        ? "<span class=\"badge pass\">none</span>"
        : $"<span class=\"badge sev-{severity.ToSeedName()}\">{severity.ToSeedName()}</span>";

    /// <summary>The row class that highlights a regression by its severity.</summary>
    public static string? RowClass(RegressionSeverity severity) => severity == RegressionSeverity.None ? null : $"regression sev-{severity.ToSeedName()}";
}
