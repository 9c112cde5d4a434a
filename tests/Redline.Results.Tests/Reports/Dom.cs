using System.Globalization;
using System.Text.RegularExpressions;

namespace Redline.Results.Tests.Reports;

/// <summary>What the report tests look for in HTML, as the report writes it or as a browser serializes it.</summary>
internal static partial class Dom
{
    public static int Count(string html, string text) => Regex.Matches(html, Regex.Escape(text), RegexOptions.IgnoreCase).Count;

    /// <summary>The points attribute of every polyline, parsed into coordinate pairs.</summary>
    public static List<(double X, double Y)[]> Polylines(string html) =>
        [.. PolylinePoints().Matches(html).Select(m => m.Groups[1].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(Pair).ToArray())];

    /// <summary>Every start tag, with its lower-case name. Escaped text holds no '&lt;', so only real tags match.</summary>
    public static List<(string Name, string Text)> Tags(string html) =>
        [.. StartTag().Matches(html).Select(m => (m.Groups[1].Value.ToLowerInvariant(), m.Value))];

    /// <summary>The text of the document's title element, still in its serialized (escaped) form.</summary>
    public static string Title(string html) => TitleElement().Match(html) is { Success: true } m ? m.Groups[1].Value : "";

    /// <summary>How an HTML serializer writes text content: only &amp;, &lt; and &gt; are escaped.</summary>
    public static string SerializedText(string text) =>
        text.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal).Replace(">", "&gt;", StringComparison.Ordinal);

    private static (double X, double Y) Pair(string pair)
    {
        var parts = pair.Split(',');
        return (double.Parse(parts[0], CultureInfo.InvariantCulture), double.Parse(parts[1], CultureInfo.InvariantCulture));
    }

    [GeneratedRegex("<polyline[^>]*\\spoints=\"([^\"]*)\"", RegexOptions.IgnoreCase)]
    private static partial Regex PolylinePoints();

    [GeneratedRegex("<([a-zA-Z][a-zA-Z0-9-]*)[^>]*>")]
    private static partial Regex StartTag();

    [GeneratedRegex("<title>([^<]*)</title>", RegexOptions.IgnoreCase)]
    private static partial Regex TitleElement();
}
