using Redline.Engine;

namespace Redline.Results.Micro;

/// <summary>The unit conversions and small statistics the importers share.</summary>
internal static class MicroUnits
{
    /// <summary>Nanoseconds in one <paramref name="unit"/> of time (<c>ns</c>, <c>us</c>, <c>ms</c>, <c>s</c>, <c>min</c>...), or null when it is no time unit.</summary>
    public static double? Nanoseconds(string unit) => unit.Trim() switch
    {
        "ps" => 1e-3,
        "ns" => 1,
        "us" or "µs" or "μs" => 1e3,
        "ms" => 1e6,
        "s" or "sec" => 1e9,
        "min" => 60e9,
        "hr" or "h" => 3600e9,
        "day" or "d" => 86400e9,
        _ => null,
    };

    /// <summary>
    /// The factor from a time-per-operation unit (<c>us/op</c>) to nanoseconds per operation, or null when
    /// <paramref name="unit"/> is none.
    /// </summary>
    public static double? NanosecondsPerOp(string unit) =>
        unit.EndsWith("/op", StringComparison.Ordinal) ? Nanoseconds(unit[..^3]) : null;

    /// <summary>
    /// The factor from an operations-per-time unit (<c>ops/ms</c>) to operations per second, or null when
    /// <paramref name="unit"/> is none.
    /// </summary>
    public static double? OpsPerSecond(string unit) =>
        unit.StartsWith("ops/", StringComparison.Ordinal) && Nanoseconds(unit[4..]) is { } ns ? 1e9 / ns : null;

    /// <summary>Whether a counter's unit is a rate (<c>MB/s</c>, <c>items/s</c>), where higher is better.</summary>
    public static bool IsRate(string unit) =>
        unit.EndsWith("/s", StringComparison.Ordinal) || unit.EndsWith("/sec", StringComparison.Ordinal)
        || unit.EndsWith("_per_second", StringComparison.Ordinal);

    public static IReadOnlyList<double> Scale(IEnumerable<double> values, double factor) =>
        values.Select(v => v * factor).ToArray();

    public static double Mean(IReadOnlyList<double> values) => values.Count == 0 ? double.NaN : values.Average();

    /// <summary>A bound of <paramref name="value"/> ± <paramref name="spread"/>, or null when the spread is not a finite number.</summary>
    public static MicroBound? Around(double value, double? spread, string meaning) =>
        spread is { } s && double.IsFinite(s) && double.IsFinite(value) ? new MicroBound(value - s, value + s, meaning) : null;
}
