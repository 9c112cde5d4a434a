using System.Globalization;

namespace Redline.Cli.Terminal;

/// <summary>How numbers read on the console.</summary>
internal static class Format
{
    public static string Clock(TimeSpan time) =>
        time.TotalHours >= 1 ? time.ToString(@"h\:mm\:ss", CultureInfo.InvariantCulture) : time.ToString(@"mm\:ss", CultureInfo.InvariantCulture);

    public static string Bytes(long bytes) => Results.Reports.ResourceHighlights.Bytes(bytes);

    public static string Number(double value, string format = "0.##") => value.ToString(format, CultureInfo.InvariantCulture);
}
