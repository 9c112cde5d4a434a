namespace Redline.Results.Reports;

/// <summary><c>html</c>: the full, self-contained report (<c>report.html</c>).</summary>
internal sealed class HtmlWriter : IReportWriter
{
    public string Format => "html";

    public string FileName => "report.html";

    public string Extension => "html";

    public bool NeedsComparison => false;

    public void Write(Stream stream, ReportContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        ReportWriters.WriteText(stream, Html.HtmlReport.Render(context));
    }
}
