using System.Globalization;
using System.Text.RegularExpressions;

namespace Redline.Cli.Suites;

/// <summary>Durations (<c>250ms</c>, <c>1.5s</c>), rates (<c>200/s</c>) and percentages (<c>40%</c>) as suite files write them.</summary>
internal static partial class SuiteUnits
{
    /// <summary>Parses a duration such as <c>250ms</c>, <c>30s</c>, <c>5m</c>, <c>1h</c> or <c>500us</c>.</summary>
    public static bool TryParseDuration(string text, out TimeSpan duration)
    {
        duration = default;
        var match = DurationPattern().Match(text);
        if (!match.Success)
        {
            return false;
        }

        var ticksPerUnit = match.Groups["unit"].Value switch
        {
            "us" => TimeSpan.TicksPerMillisecond / 1000.0,
            "ms" => TimeSpan.TicksPerMillisecond,
            "s" => TimeSpan.TicksPerSecond,
            "m" => TimeSpan.TicksPerMinute,
            _ => (double)TimeSpan.TicksPerHour,
        };
        var ticks = Math.Round(double.Parse(match.Groups["value"].Value, CultureInfo.InvariantCulture) * ticksPerUnit);
        if (ticks >= TimeSpan.MaxValue.Ticks)
        {
            return false;
        }

        duration = TimeSpan.FromTicks((long)ticks);
        return true;
    }

    /// <summary>Parses a rate such as <c>200/s</c>, <c>12000/m</c> or <c>100/h</c> into arrivals per second.</summary>
    public static bool TryParseRate(string text, out double perSecond)
    {
        perSecond = 0;
        var match = RatePattern().Match(text);
        if (!match.Success)
        {
            return false;
        }

        var seconds = match.Groups["unit"].Value switch
        {
            "s" => 1.0,
            "m" => 60.0,
            _ => 3600.0,
        };
        perSecond = double.Parse(match.Groups["value"].Value, CultureInfo.InvariantCulture) / seconds;
        return double.IsFinite(perSecond);
    }

    /// <summary>Parses a percentage such as <c>40%</c> into 40.</summary>
    public static bool TryParsePercentage(string text, out double percent)
    {
        percent = 0;
        var match = PercentagePattern().Match(text);
        return match.Success
            && double.TryParse(match.Groups["value"].Value, NumberStyles.Float, CultureInfo.InvariantCulture, out percent)
            && double.IsFinite(percent);
    }

    /// <summary>A duration the way suite files write it, for messages: <c>90s</c>, <c>250ms</c>, <c>1.5s</c>.</summary>
    public static string Format(TimeSpan duration)
    {
        if (duration.Ticks % TimeSpan.TicksPerSecond == 0)
        {
            return ((long)duration.TotalSeconds).ToString(CultureInfo.InvariantCulture) + "s";
        }

        return duration.Ticks % TimeSpan.TicksPerMillisecond == 0
            ? ((long)duration.TotalMilliseconds).ToString(CultureInfo.InvariantCulture) + "ms"
            : duration.TotalSeconds.ToString("0.######", CultureInfo.InvariantCulture) + "s";
    }

    /// <summary>A number for messages, without needless decimals.</summary>
    public static string Format(double value) => value.ToString("0.######", CultureInfo.InvariantCulture);

    [GeneratedRegex(@"^(?<value>[0-9]+(\.[0-9]+)?)(?<unit>us|ms|s|m|h)$")]
    private static partial Regex DurationPattern();

    [GeneratedRegex(@"^(?<value>[0-9]+(\.[0-9]+)?)/(?<unit>s|m|h)$")]
    private static partial Regex RatePattern();

    [GeneratedRegex(@"^(?<value>[0-9]+(\.[0-9]+)?)%$")]
    private static partial Regex PercentagePattern();
}
