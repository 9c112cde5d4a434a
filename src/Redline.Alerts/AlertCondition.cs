using System.Globalization;
using System.Text.RegularExpressions;
using Redline.Engine;

namespace Redline.Alerts;

/// <summary>
/// An alert's condition in the seed's form, such as <c>p95_response_time &gt; 1000ms for 5m</c>,
/// <c>cpu_usage &gt; 85% OR memory_usage &gt; 90%</c> or <c>performance_regression == true</c>: comparisons joined by
/// <c>AND</c> (binding first) and <c>OR</c>, then an optional <c>for DURATION</c>.
/// </summary>
/// <param name="Text">The condition as written.</param>
/// <param name="AnyOf">The alternatives (joined by OR), each a list of clauses that must all hold (joined by AND).</param>
/// <param name="For">How long the condition must hold before the alert fires; zero fires at once.</param>
public sealed partial record AlertCondition(string Text, IReadOnlyList<IReadOnlyList<AlertClause>> AnyOf, TimeSpan For)
{
    /// <summary>The condition judged after a run compared with its baseline.</summary>
    public const string RegressionMetric = "performance_regression";

    /// <summary>True for <c>performance_regression == true</c>: judged once, after the comparison, not every second.</summary>
    public bool IsRegression => AnyOf.Count == 1 && AnyOf[0].Count == 1 && AnyOf[0][0].Metric == RegressionMetric;

    /// <summary>Every clause, in the order written.</summary>
    public IEnumerable<AlertClause> Clauses => AnyOf.SelectMany(a => a);

    /// <summary>Parses <paramref name="text"/>; on failure returns null and says why in <paramref name="error"/>.</summary>
    public static AlertCondition? TryParse(string text, out string? error)
    {
        error = null;
        var body = text.Trim();
        var duration = TimeSpan.Zero;
        if (ForSuffix().Match(body) is { Success: true } suffix)
        {
            if (!TryDuration(suffix.Groups["duration"].Value, out duration))
            {
                error = $"'for {suffix.Groups["duration"].Value}' is not a duration (write e.g. for 5m, for 30s)";
                return null;
            }

            body = body[..suffix.Index].TrimEnd();
        }

        if (body.Length == 0)
        {
            error = "the condition is empty; write e.g. \"error_rate > 5% for 2m\"";
            return null;
        }

        var anyOf = new List<IReadOnlyList<AlertClause>>();
        foreach (var alternative in Or().Split(body))
        {
            var clauses = new List<AlertClause>();
            foreach (var part in And().Split(alternative))
            {
                var clause = AlertClause.TryParse(part.Trim(), out error);
                if (clause is null)
                {
                    return null;
                }

                clauses.Add(clause);
            }

            anyOf.Add(clauses);
        }

        var condition = new AlertCondition(text.Trim(), anyOf, duration);
        if (condition.Clauses.Any(c => c.Metric == RegressionMetric) && !condition.IsRegression)
        {
            error = "performance_regression == true stands alone: it is judged once after the comparison with the baseline, not with other figures";
            return null;
        }

        return condition;
    }

    /// <summary>Whether the condition holds on one second, and the value of the first clause that decided it (null when nothing was measured).</summary>
    public (bool Holds, double? Value) Evaluate(IntervalReport report, int cores)
    {
        double? first = null;
        foreach (var alternative in AnyOf)
        {
            var all = true;
            double? value = null;
            foreach (var clause in alternative)
            {
                var measured = clause.Read(report, cores);
                first ??= measured;
                value ??= measured;
                if (measured is not { } m || !clause.IsMet(m))
                {
                    all = false;
                    break;
                }
            }

            if (all)
            {
                return (true, value);
            }
        }

        return (false, first);
    }

    internal static bool TryDuration(string text, out TimeSpan duration)
    {
        duration = TimeSpan.Zero;
        var match = DurationPattern().Match(text.Trim());
        if (!match.Success)
        {
            return false;
        }

        var number = double.Parse(match.Groups["n"].Value, CultureInfo.InvariantCulture);
        duration = match.Groups["u"].Value switch
        {
            "ms" => TimeSpan.FromMilliseconds(number),
            "s" => TimeSpan.FromSeconds(number),
            "m" => TimeSpan.FromMinutes(number),
            _ => TimeSpan.FromHours(number),
        };
        return true;
    }

    [GeneratedRegex(@"\s+for\s+(?<duration>\S+)\s*$", RegexOptions.IgnoreCase)]
    private static partial Regex ForSuffix();

    [GeneratedRegex(@"\s+OR\s+", RegexOptions.IgnoreCase)]
    private static partial Regex Or();

    [GeneratedRegex(@"\s+AND\s+", RegexOptions.IgnoreCase)]
    private static partial Regex And();

    [GeneratedRegex(@"^(?<n>[0-9]+(\.[0-9]+)?)(?<u>ms|s|m|h)$")]
    private static partial Regex DurationPattern();
}

/// <summary>One comparison of an alert's condition: a metric of the scenario (or one component) against a threshold.</summary>
/// <param name="Text">The clause as written.</param>
/// <param name="Component">The component it reads, or null for the whole scenario.</param>
/// <param name="Metric">The metric's name: response_time_p50 ... response_time_max, error_rate, throughput, cpu_usage, memory_usage, or performance_regression.</param>
/// <param name="Comparison">How the value is compared.</param>
/// <param name="Threshold">The threshold in the metric's unit (ms, %, /s, bytes).</param>
/// <param name="Unit">The unit of value and threshold.</param>
public sealed partial record AlertClause(string Text, string? Component, string Metric, Comparison Comparison, double Threshold, string Unit)
{
    /// <summary>The metrics a clause may name, with what each reads in one second.</summary>
    public static readonly IReadOnlyList<string> MetricNames =
        ["response_time_p50", "response_time_p75", "response_time_p90", "response_time_p95", "response_time_p99", "response_time_p999", "response_time_max", "response_time_mean",
         "error_rate", "throughput", "cpu_usage", "memory_usage", AlertCondition.RegressionMetric];

    /// <summary>Parses one clause; null with the reason in <paramref name="error"/> otherwise.</summary>
    public static AlertClause? TryParse(string text, out string? error)
    {
        error = null;
        var match = ClausePattern().Match(text);
        if (!match.Success)
        {
            error = $"'{text}' is not a comparison; write e.g. \"p95_response_time > 1000ms\", \"error_rate > 5%\" or \"performance_regression == true\"";
            return null;
        }

        var name = match.Groups["name"].Value;
        var dot = name.LastIndexOf('.');
        var component = dot > 0 ? name[..dot] : null;
        var metric = Canonical(dot > 0 ? name[(dot + 1)..] : name);
        var rest = match.Groups["rest"].Value.Trim();
        if (metric == AlertCondition.RegressionMetric)
        {
            if (component is not null || !RegressionTrue().IsMatch(rest))
            {
                error = "write performance_regression == true (of the whole run)";
                return null;
            }

            return new AlertClause(text, null, metric, Comparison.Equal, 1, "");
        }

        if (!MetricNames.Contains(metric))
        {
            error = $"unknown metric '{metric}'; an alert reads {string.Join(", ", MetricNames.SkipLast(1))} or performance_regression (p95_response_time is response_time_p95)";
            return null;
        }

        if (component is not null && metric is "cpu_usage" or "memory_usage")
        {
            error = $"{metric} is the target's or the machine's, not one component's";
            return null;
        }

        // memory_usage against a percentage is the machine's memory in use; against a size, the target's resident memory.
        if (metric == "memory_usage" && rest.EndsWith('%'))
        {
            var percent = Criterion.TryParse("error_rate", rest, out error);
            return percent is null ? null : new AlertClause(text, null, "memory_usage", percent.Comparison, percent.Threshold, "%");
        }

        var criterion = Criterion.TryParse(name.Contains('.', StringComparison.Ordinal) ? $"{component}.{metric}" : metric, rest, out error);
        if (criterion is null)
        {
            return null;
        }

        var unit = criterion.Unit switch
        {
            MetricUnit.Milliseconds => "ms",
            MetricUnit.Percent => "%",
            MetricUnit.PerSecond => "/s",
            MetricUnit.Bytes => "B",
            _ => "",
        };
        return new AlertClause(text, component, metric, criterion.Comparison, criterion.Threshold, unit);
    }

    /// <summary>Whether <paramref name="value"/> meets the comparison.</summary>
    public bool IsMet(double value) => Comparison switch
    {
        Comparison.Less => value < Threshold,
        Comparison.LessOrEqual => value <= Threshold,
        Comparison.Greater => value > Threshold,
        Comparison.GreaterOrEqual => value >= Threshold,
        _ => value == Threshold,
    };

    /// <summary>The metric's value in one second; null when the second has nothing to read (no request completed, no resource read).</summary>
    public double? Read(IntervalReport report, int cores)
    {
        ArgumentNullException.ThrowIfNull(report);
        var snapshot = Component is null ? report.Total : report.Components.FirstOrDefault(c => c.Component == Component);
        switch (Metric)
        {
            case "cpu_usage":
                var cpu = report.Resources?.Target?.CpuPercent ?? report.Target?.CpuPercent;
                return cpu / Math.Max(1, cores);
            case "memory_usage" when Unit == "%":
                return report.Resources?.System?.Memory is { TotalBytes: > 0 } memory ? 100.0 * (memory.TotalBytes - memory.AvailableBytes) / memory.TotalBytes : null;
            case "memory_usage":
                return report.Resources?.Target?.RssBytes ?? report.Target?.RssBytes;
        }

        if (snapshot is null)
        {
            return null;
        }

        return Metric switch
        {
            "throughput" => snapshot.Requests,
            _ when snapshot.Requests == 0 => null,
            "error_rate" => snapshot.ErrorRatePercent,
            _ => snapshot.Latency.Get(Metric["response_time_".Length..]),
        };
    }

    /// <summary>The seed's spellings (<c>p95_response_time</c>) as the catalog's (<c>response_time_p95</c>).</summary>
    private static string Canonical(string metric) =>
        SeedPercentile().Match(metric) is { Success: true } seed ? $"response_time_{seed.Groups["p"].Value}" : metric;

    [GeneratedRegex(@"^(?<name>[A-Za-z_][A-Za-z0-9_.\-]*)\s*(?<rest>(<=|>=|==|<|>).*)$")]
    private static partial Regex ClausePattern();

    [GeneratedRegex(@"^==\s*true$")]
    private static partial Regex RegressionTrue();

    [GeneratedRegex(@"^(?<p>p50|p75|p90|p95|p99|p999|max|mean)_response_time$")]
    private static partial Regex SeedPercentile();
}
