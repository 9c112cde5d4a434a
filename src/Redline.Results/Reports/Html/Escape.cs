using System.Net;

namespace Redline.Results.Reports.Html;

/// <summary>The one way user-provided text enters the HTML report.</summary>
/// <remarks>
/// Suite, scenario, component and criterion names, descriptions, notes and error samples come from
/// users or from the target's answers. <see cref="WebUtility.HtmlEncode(string)"/> encodes
/// &lt;, &gt;, &amp;, " and ', so its output is safe both as element text and inside a double-quoted
/// attribute, in HTML and in inline SVG alike (the HTML parser reads both).
/// </remarks>
internal static class Escape
{
    public static string Html(string? text) => string.IsNullOrEmpty(text) ? "" : WebUtility.HtmlEncode(text);
}
