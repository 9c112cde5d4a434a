namespace Redline.Results.Reports;

/// <summary>One report format: a file written from a <see cref="ReportContext"/>.</summary>
public interface IReportWriter
{
    /// <summary>The name <c>--report</c> and <c>--format</c> take: <c>md</c>, <c>json</c>, <c>junit</c>, <c>csv</c>, <c>html</c>.</summary>
    string Format { get; }

    /// <summary>The file it goes to in a run's output folder, such as <c>pr-comment.md</c>.</summary>
    string FileName { get; }

    /// <summary>The extension of a file named after the run (<c>redline report</c>), without the dot.</summary>
    string Extension { get; }

    /// <summary>True when the format says nothing without a comparison (the PR comment, analysis.json).</summary>
    bool NeedsComparison { get; }

    /// <summary>Writes the report of <paramref name="context"/> to <paramref name="stream"/>.</summary>
    void Write(Stream stream, ReportContext context);
}
