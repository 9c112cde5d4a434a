using System.Text;

namespace Redline.Results.Reports;

/// <summary>Every report format, in the order <c>--report</c> lists them; a new format is one more writer here.</summary>
public static class ReportWriters
{
    /// <summary>The writers: md, json, junit, csv, html.</summary>
    public static IReadOnlyList<IReportWriter> All { get; } =
        [new PrCommentWriter(), new AnalysisWriter(), new JUnitWriter(), new CsvWriter(), new HtmlWriter()];

    /// <summary>The format names, for help texts and messages.</summary>
    public static IReadOnlyList<string> Formats { get; } = [.. All.Select(w => w.Format)];

    /// <summary>The writer of <paramref name="format"/>, or null.</summary>
    public static IReportWriter? Find(string format) => All.FirstOrDefault(w => w.Format == format);

    /// <summary>Writes <paramref name="context"/> with <paramref name="writer"/> into the file at <paramref name="path"/>.</summary>
    public static void WriteFile(this IReportWriter writer, string path, ReportContext context)
    {
        ArgumentNullException.ThrowIfNull(writer);
        using var stream = File.Create(path);
        writer.Write(stream, context);
    }

    /// <summary>Writes text without a byte-order mark, as <see cref="File.WriteAllText(string, string?)"/> does.</summary>
    internal static void WriteText(Stream stream, string text)
    {
        var bytes = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false).GetBytes(text);
        stream.Write(bytes);
    }
}
