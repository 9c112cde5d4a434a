namespace Redline.Results.Reports;

/// <summary><c>md</c>: the pull-request comment (<c>pr-comment.md</c>).</summary>
internal sealed class PrCommentWriter : IReportWriter
{
    public string Format => "md";

    public string FileName => "pr-comment.md";

    public string Extension => "md";

    public bool NeedsComparison => true;

    public void Write(Stream stream, ReportContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        ReportWriters.WriteText(stream, PrComment.Render(context));
    }
}
