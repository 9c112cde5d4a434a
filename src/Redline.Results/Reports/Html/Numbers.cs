using System.Globalization;

namespace Redline.Results.Reports.Html;

/// <summary>How the report writes numbers, times and sizes: invariant culture, so the file reads the same everywhere.</summary>
internal static class Numbers
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>Three significant-ish digits for small values, thousands separators for large ones.</summary>
    public static string Plain(double value) => !double.IsFinite(value) ? "n/a" : Math.Abs(value) switch
    {
        >= 1000 => value.ToString("#,0", Invariant),
        >= 100 => value.ToString("0.#", Invariant),
        >= 10 => value.ToString("0.##", Invariant),
        _ => value.ToString("0.###", Invariant),
    };

    public static string Count(long value) => value.ToString("#,0", Invariant);

    // A no-break space keeps a number and its unit on one line in narrow table columns.
    public const string Space = "\u00A0";

    public static string Ms(double value) => Plain(value) + Space + "ms";

    public static string With(double value, string unit) => Plain(value) + Space + unit;

    public static string Percent(double value) => Plain(value) + "%";

    public static string Mb(long bytes) => With(bytes / (1024.0 * 1024.0), "MB");

    public static string Change(double? percent) => percent is { } p && double.IsFinite(p) ? AnalysisDocument.Percent(p) : "n/a";

    public static string PValue(double p) => p < 0.0001 ? "<0.0001" : p.ToString("0.####", Invariant);

    public static string Time(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", Invariant);

    public static string Duration(TimeSpan span) => span.TotalHours >= 1
        ? span.ToString(@"h\:mm\:ss", Invariant)
        : Plain(Math.Round(span.TotalSeconds, 1)) + " s";

    /// <summary>Coordinates inside SVG: one decimal is below a pixel of the chart.</summary>
    public static string Coordinate(double value) => value.ToString("0.#", Invariant);
}
