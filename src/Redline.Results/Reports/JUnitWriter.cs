namespace Redline.Results.Reports;

/// <summary><c>junit</c>: criteria and regressions as test cases (<c>junit.xml</c>).</summary>
internal sealed class JUnitWriter : IReportWriter
{
    public string Format => "junit";

    public string FileName => "junit.xml";

    public string Extension => "xml";

    public bool NeedsComparison => false;

    public void Write(Stream stream, ReportContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        JUnitReport.Write(stream, context.Current, context.Comparison, context.FailOn);
    }
}
