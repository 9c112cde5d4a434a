using System.Globalization;
using System.Text.RegularExpressions;

namespace Redline.Engine;

/// <summary>What kind of quantity a metric is, which fixes the units its threshold may use.</summary>
public enum MetricUnit
{
    /// <summary>Milliseconds; written with ms, s, us, m or h.</summary>
    Milliseconds,
    /// <summary>A percentage; written with %.</summary>
    Percent,
    /// <summary>Per second; written with /s, /m or /h.</summary>
    PerSecond,
    /// <summary>Bytes; written with B, KB, MB, GB (powers of 1024).</summary>
    Bytes,
    /// <summary>A plain count.</summary>
    Count,
    /// <summary>Growth in bytes per hour; written with B/h, KB/h, MB/h or GB/h (or /m, /s).</summary>
    BytesPerHour,
}

/// <summary>How a criterion compares the measured value with its threshold.</summary>
public enum Comparison
{
    /// <summary>Measured value strictly below the threshold.</summary>
    Less,
    /// <summary>At most the threshold.</summary>
    LessOrEqual,
    /// <summary>Strictly above.</summary>
    Greater,
    /// <summary>At least.</summary>
    GreaterOrEqual,
    /// <summary>Exactly equal.</summary>
    Equal,
}

/// <summary>
/// A success criterion in the seed's syntax, such as <c>response_time_p95: &lt;1000ms</c> or
/// <c>login.error_rate: &lt;1%</c>: a metric, optionally of one component, compared with a threshold.
/// </summary>
public sealed partial record Criterion(string Name, string Expression, string? Component, string Metric, Comparison Comparison, double Threshold, MetricUnit Unit)
{
    private static readonly Dictionary<string, MetricUnit> Metrics = BuildMetrics();

    /// <summary>Every metric a criterion may name.</summary>
    public static IReadOnlyCollection<string> MetricNames => Metrics.Keys;

    /// <summary>Parses <paramref name="name"/>: <paramref name="expression"/>; on failure returns null and says why in <paramref name="error"/>.</summary>
    public static Criterion? TryParse(string name, string expression, out string? error)
    {
        error = null;
        var dot = name.LastIndexOf('.');
        var component = dot > 0 ? name[..dot] : null;
        var metric = dot > 0 ? name[(dot + 1)..] : name;
        if (!Metrics.TryGetValue(metric, out var unit))
        {
            error = $"unknown metric '{metric}'; expected one of {string.Join(", ", Metrics.Keys.Order(StringComparer.Ordinal))}";
            return null;
        }

        var match = ExpressionPattern().Match(expression);
        if (!match.Success)
        {
            error = $"expected a comparison such as '<500ms', '<1%' or '>100/s', got '{expression}'";
            return null;
        }

        var comparison = match.Groups["op"].Value switch
        {
            "<" => Comparison.Less,
            "<=" => Comparison.LessOrEqual,
            ">" => Comparison.Greater,
            ">=" => Comparison.GreaterOrEqual,
            _ => Comparison.Equal,
        };
        var number = double.Parse(match.Groups["value"].Value, CultureInfo.InvariantCulture);
        var written = match.Groups["unit"].Value;
        var factor = UnitFactor(unit, written);
        if (factor is null)
        {
            error = $"'{metric}' is {Describe(unit)}; '{written}' is not a unit for it (expected {Units(unit)})";
            return null;
        }

        return new Criterion(name, expression.Trim(), component, metric, comparison, number * factor.Value, unit);
    }

    /// <summary>Whether <paramref name="actual"/> meets the criterion.</summary>
    public bool IsMet(double actual) => Comparison switch
    {
        Comparison.Less => actual < Threshold,
        Comparison.LessOrEqual => actual <= Threshold,
        Comparison.Greater => actual > Threshold,
        Comparison.GreaterOrEqual => actual >= Threshold,
        _ => actual == Threshold,
    };

    private static double? UnitFactor(MetricUnit unit, string written) => (unit, written) switch
    {
        (MetricUnit.Milliseconds, "ms") => 1,
        (MetricUnit.Milliseconds, "us" or "µs") => 0.001,
        (MetricUnit.Milliseconds, "s") => 1000,
        (MetricUnit.Milliseconds, "m") => 60_000,
        (MetricUnit.Milliseconds, "h") => 3_600_000,
        (MetricUnit.Percent, "%") => 1,
        (MetricUnit.PerSecond, "/s") => 1,
        (MetricUnit.PerSecond, "/m") => 1.0 / 60,
        (MetricUnit.PerSecond, "/h") => 1.0 / 3600,
        (MetricUnit.Bytes, "B") => 1,
        (MetricUnit.Bytes, "KB") => 1024,
        (MetricUnit.Bytes, "MB") => 1024 * 1024,
        (MetricUnit.Bytes, "GB") => 1024.0 * 1024 * 1024,
        (MetricUnit.Count, "") => 1,
        (MetricUnit.BytesPerHour, _) when written.Split('/') is [var size, var per] && UnitFactor(MetricUnit.Bytes, size) is { } bytes && UnitFactor(MetricUnit.PerSecond, "/" + per) is { } rate
            => bytes * rate * 3600,
        _ => null,
    };

    private static string Describe(MetricUnit unit) => unit switch
    {
        MetricUnit.Milliseconds => "a duration",
        MetricUnit.Percent => "a percentage",
        MetricUnit.PerSecond => "a rate",
        MetricUnit.Bytes => "a size",
        MetricUnit.BytesPerHour => "a growth rate",
        _ => "a count",
    };

    private static string Units(MetricUnit unit) => unit switch
    {
        MetricUnit.Milliseconds => "ms, s, us, m or h",
        MetricUnit.Percent => "%",
        MetricUnit.PerSecond => "/s, /m or /h",
        MetricUnit.Bytes => "B, KB, MB or GB",
        MetricUnit.BytesPerHour => "MB/h, GB/h, KB/h, B/h, or the same per minute or second",
        _ => "no unit",
    };

    private static Dictionary<string, MetricUnit> BuildMetrics() =>
        MetricCatalog.All.ToDictionary(m => m.Name, m => m.Unit, StringComparer.Ordinal);

    [GeneratedRegex(@"^\s*(?<op><=|>=|<|>|==)\s*(?<value>[0-9]+(\.[0-9]+)?)\s*(?<unit>(?:B|KB|MB|GB)/[smh]|ms|us|µs|s|m|h|%|/s|/m|/h|B|KB|MB|GB|)\s*$")]
    private static partial Regex ExpressionPattern();
}
