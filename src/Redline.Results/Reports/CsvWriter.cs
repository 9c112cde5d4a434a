namespace Redline.Results.Reports;

/// <summary><c>csv</c>: one row per scenario and component (<c>report.csv</c>).</summary>
internal sealed class CsvWriter : IReportWriter
{
    public string Format => "csv";

    public string FileName => "report.csv";

    public string Extension => "csv";

    public bool NeedsComparison => false;

    public void Write(Stream stream, ReportContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        ReportWriters.WriteText(stream, CsvReport.Render(context.Current, context.Comparison));
    }
}
