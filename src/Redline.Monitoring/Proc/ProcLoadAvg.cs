using System.Globalization;

namespace Redline.Monitoring.Proc;

/// <summary>Parses /proc/loadavg: "0.52 0.58 0.59 3/145 14333".</summary>
internal static class ProcLoadAvg
{
    /// <summary>The 1, 5 and 15 minute load averages; false when the first three tokens are not numbers.</summary>
    public static bool TryParse(ReadOnlySpan<char> text, out double one, out double five, out double fifteen)
    {
        var rest = text;
        five = fifteen = 0;
        return TryParseDouble(ProcText.NextToken(ref rest), out one)
            && TryParseDouble(ProcText.NextToken(ref rest), out five)
            && TryParseDouble(ProcText.NextToken(ref rest), out fifteen);
    }

    private static bool TryParseDouble(ReadOnlySpan<char> token, out double value) =>
        double.TryParse(token, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out value);
}
