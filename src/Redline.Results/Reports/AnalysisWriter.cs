namespace Redline.Results.Reports;

/// <summary><c>json</c>: analysis.json, the comment's fields for tools.</summary>
internal sealed class AnalysisWriter : IReportWriter
{
    public string Format => "json";

    public string FileName => "analysis.json";

    public string Extension => "json";

    public bool NeedsComparison => true;

    public void Write(Stream stream, ReportContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        AnalysisDocument.Write(stream, context.Baseline!, context.Current, context.Comparison!, context.FailOn, context.ReportUrl, context.Trends, context.Goals);
    }
}
