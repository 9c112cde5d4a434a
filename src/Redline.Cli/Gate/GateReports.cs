using Redline.Results.Reports;

namespace Redline.Cli.Gate;

/// <summary>The <c>--report</c> list of <c>run</c> and <c>compare</c>: which writers to run into a folder.</summary>
internal static class GateReports
{
    /// <summary>Checks --report values; every problem at once.</summary>
    public static IEnumerable<string> Validate(IEnumerable<string> formats) =>
        Split(formats)
            .Where(f => ReportWriters.Find(f) is null)
            .Select(f => $"--report: unknown format '{f}'; expected {string.Join(", ", ReportWriters.Formats)}");

    /// <summary>
    /// Writes each asked format of <paramref name="context"/> into <paramref name="directory"/>; returns the paths written.
    /// A format that needs a comparison is skipped without one.
    /// </summary>
    public static List<string> Write(string directory, IEnumerable<string> formats, ReportContext context)
    {
        var written = new List<string>();
        foreach (var writer in Split(formats).Distinct(StringComparer.Ordinal).Select(ReportWriters.Find).OfType<IReportWriter>())
        {
            if (writer.NeedsComparison && (context.Comparison is null || context.Baseline is null))
            {
                continue;
            }

            var path = Path.Combine(directory, writer.FileName);
            writer.WriteFile(path, context);
            written.Add(path);
        }

        return written;
    }

    private static IEnumerable<string> Split(IEnumerable<string> formats) =>
        formats.SelectMany(f => f.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
}
