using Redline.Engine;
using Redline.Results.Analysis;
using Redline.Results.Comparison;
using Redline.Results.Reports;

namespace Redline.Cli.Gate;

/// <summary>The report formats Redline writes, and the files they go to.</summary>
internal static class GateReports
{
    public static readonly IReadOnlyDictionary<string, string> Files = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["md"] = "pr-comment.md",
        ["json"] = "analysis.json",
        ["junit"] = "junit.xml",
        ["csv"] = "report.csv",
        ["html"] = "report.html",
    };

    /// <summary>Checks --report values; every problem at once.</summary>
    public static IEnumerable<string> Validate(IEnumerable<string> formats) =>
        formats.SelectMany(f => f.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .Where(f => !Files.ContainsKey(f))
            .Select(f => $"--report: unknown format '{f}'; expected {string.Join(", ", Files.Keys)}");

    /// <summary>Writes each asked format into <paramref name="directory"/>; returns the paths written.</summary>
    public static List<string> Write(string directory, IEnumerable<string> formats, RunResult current, RunResult? baseline, RunComparison? comparison, RegressionSeverity failOn, IReadOnlyList<string[]>? targets = null, IReadOnlyList<TrendPoint>? trends = null)
    {
        var written = new List<string>();
        foreach (var format in formats.SelectMany(f => f.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).Distinct(StringComparer.Ordinal))
        {
            var path = Path.Combine(directory, Files[format]);
            switch (format)
            {
                case "md" when comparison is not null && baseline is not null:
                    File.WriteAllText(path, PrComment.Render(baseline, current, comparison, failOn, reportUrl: null));
                    break;
                case "json" when comparison is not null && baseline is not null:
                    using (var stream = File.Create(path))
                    {
                        AnalysisDocument.Write(stream, baseline, current, comparison, failOn, reportUrl: null, trends);
                    }

                    break;
                case "junit":
                    using (var stream = File.Create(path))
                    {
                        JUnitReport.Write(stream, current, comparison, failOn);
                    }

                    break;
                case "csv":
                    File.WriteAllText(path, CsvReport.Render(current, comparison));
                    break;
                case "html":
                    File.WriteAllText(path, Results.Reports.Html.HtmlReport.Render(current, baseline, comparison, failOn, targets));
                    break;
                default:
                    continue;
            }

            written.Add(path);
        }

        return written;
    }
}
