using System.Globalization;
using Redline.Alerts;
using Redline.Engine;

namespace Redline.Dashboard.Exports;

/// <summary>
/// Alert conditions as PromQL over the names <c>/metrics</c> serves, one series per scenario: latency percentiles by
/// <c>histogram_quantile</c> over a minute's rate of the buckets, rates of the counters, the resource gauges.
/// </summary>
public static class PromQl
{
    /// <summary>The window rates are taken over; Redline's own engine judges each second instead.</summary>
    public const string Window = "1m";

    /// <summary>The condition as one PromQL expression (alternatives joined by <c>or</c>, clauses by <c>and on (scenario)</c>); null with the reason when a clause has no Prometheus form.</summary>
    public static string? Of(AlertCondition condition, string suite, out string? error)
    {
        ArgumentNullException.ThrowIfNull(condition);
        error = null;
        var alternatives = new List<string>();
        foreach (var alternative in condition.AnyOf)
        {
            var clauses = new List<string>();
            foreach (var clause in alternative)
            {
                var expression = Of(clause, suite, out error);
                if (expression is null)
                {
                    return null;
                }

                clauses.Add(expression);
            }

            alternatives.Add(clauses.Count == 1 ? clauses[0] : string.Join(" and on (scenario) ", clauses.Select(c => $"({c})")));
        }

        return alternatives.Count == 1 ? alternatives[0] : string.Join(" or ", alternatives.Select(a => $"({a})"));
    }

    /// <summary>One clause as PromQL; null with the reason when it has none.</summary>
    public static string? Of(AlertClause clause, string suite, out string? error)
    {
        ArgumentNullException.ThrowIfNull(clause);
        error = null;
        var selector = Selector(suite, clause.Component);
        var threshold = clause.Threshold;
        string? series = clause.Metric switch
        {
            AlertCondition.RegressionMetric => $"max by (suite) (redline_regression_detected{Selector(suite, null)})",
            "error_rate" => $"100 * sum by (scenario) (rate(redline_request_errors_total{selector}[{Window}])) / sum by (scenario) (rate(redline_requests_total{selector}[{Window}]))",
            "throughput" => $"sum by (scenario) (rate(redline_requests_total{selector}[{Window}]))",
            "cpu_usage" => $"100 * max by (scenario) (redline_target_cpu_usage_ratio{selector})",
            "memory_usage" when clause.Unit == "%" => $"100 * max by (scenario) (redline_host_memory_utilization_ratio{selector})",
            "memory_usage" => $"max by (scenario) (redline_target_resident_memory_bytes{selector})",
            "response_time_mean" => $"sum by (scenario) (rate(redline_request_duration_seconds_sum{selector}[{Window}])) / sum by (scenario) (rate(redline_request_duration_seconds_count{selector}[{Window}]))",
            _ when Quantile(clause.Metric) is { } q => $"histogram_quantile({q}, sum by (le, scenario) (rate(redline_request_duration_seconds_bucket{selector}[{Window}])))",
            _ => null,
        };
        if (series is null)
        {
            error = $"{clause.Metric} has no Prometheus form: a histogram's buckets give percentiles, not the largest value; use response_time_p999";
            return null;
        }

        if (clause.Unit == "ms")
        {
            // Latency in Prometheus is in seconds.
            threshold /= 1000;
        }

        return $"{series} {Operator(clause.Comparison)} {Number(threshold)}";
    }

    /// <summary>The label matchers of the suite (and a component).</summary>
    public static string Selector(string suite, string? component) =>
        component is null ? $"{{suite=\"{MetricsExposition.Escape(suite)}\"}}" : $"{{suite=\"{MetricsExposition.Escape(suite)}\",component=\"{MetricsExposition.Escape(component)}\"}}";

    /// <summary>A duration as Prometheus writes one (5m, 90s, 1h30m).</summary>
    public static string Duration(TimeSpan duration)
    {
        if (duration <= TimeSpan.Zero)
        {
            return "0s";
        }

        var text = "";
        if (duration.Hours + (duration.Days * 24) > 0)
        {
            text += $"{duration.Hours + (duration.Days * 24)}h";
        }

        if (duration.Minutes > 0)
        {
            text += $"{duration.Minutes}m";
        }

        if (duration.Seconds > 0)
        {
            text += $"{duration.Seconds}s";
        }

        if (duration.Milliseconds > 0)
        {
            text += $"{duration.Milliseconds}ms";
        }

        return text;
    }

    private static string? Quantile(string metric) => metric switch
    {
        "response_time_p50" => "0.5",
        "response_time_p75" => "0.75",
        "response_time_p90" => "0.9",
        "response_time_p95" => "0.95",
        "response_time_p99" => "0.99",
        "response_time_p999" => "0.999",
        _ => null,
    };

    private static string Operator(Comparison comparison) => comparison switch
    {
        Comparison.Less => "<",
        Comparison.LessOrEqual => "<=",
        Comparison.Greater => ">",
        Comparison.GreaterOrEqual => ">=",
        _ => "==",
    };

    private static string Number(double value) => value.ToString("0.######", CultureInfo.InvariantCulture);
}
