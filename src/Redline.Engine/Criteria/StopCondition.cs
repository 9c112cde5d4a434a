using System.Globalization;
using System.Text.RegularExpressions;

namespace Redline.Engine;

/// <summary>
/// When a stress ramp has gone too far, in the seed's words: <c>"5% error rate OR p95 &gt; 5s"</c>. Terms
/// name the criteria's metrics (<c>error_rate &gt; 5%</c>, <c>login.response_time_p99 &gt;= 2s</c>), or the
/// seed's shorthands (<c>p95 &gt; 5s</c>, <c>5% error rate</c>); AND binds tighter than OR. It is judged every
/// second over a sliding window of the latest seconds, never over the whole run, and only once the
/// window holds enough requests.
/// </summary>
/// <param name="Expression">The condition as written.</param>
/// <param name="AnyOf">The OR of these groups, each the AND of its terms; a term holds when its metric meets its comparison.</param>
public sealed partial record StopCondition(string Expression, IReadOnlyList<IReadOnlyList<Criterion>> AnyOf)
{
    /// <summary>The default sliding window.</summary>
    public static readonly TimeSpan DefaultWindow = TimeSpan.FromSeconds(30);

    /// <summary>The default least number of requests a window needs before it is judged.</summary>
    public const int DefaultMinSamples = 100;

    /// <summary>How many of the latest seconds are judged together.</summary>
    public TimeSpan Window { get; init; } = DefaultWindow;

    /// <summary>The least number of completed requests the window needs before it is judged.</summary>
    public int MinSamples { get; init; } = DefaultMinSamples;

    /// <summary>Parses <paramref name="expression"/>; on failure returns null and says why in <paramref name="error"/>.</summary>
    public static StopCondition? TryParse(string expression, out string? error)
    {
        ArgumentNullException.ThrowIfNull(expression);
        error = null;
        var groups = new List<IReadOnlyList<Criterion>>();
        foreach (var group in OrSplit().Split(expression))
        {
            var terms = new List<Criterion>();
            foreach (var text in AndSplit().Split(group))
            {
                if (ParseTerm(text.Trim(), out error) is not { } term)
                {
                    return null;
                }

                terms.Add(term);
            }

            groups.Add(terms);
        }

        return new StopCondition(expression.Trim(), groups);
    }

    /// <summary>The terms that hold in <paramref name="window"/>, with their values, when the condition holds; null when it does not.</summary>
    public IReadOnlyList<StopTerm>? Holds(Measures window, IReadOnlyDictionary<string, Measures> components)
    {
        ArgumentNullException.ThrowIfNull(window);
        ArgumentNullException.ThrowIfNull(components);
        foreach (var group in AnyOf)
        {
            var held = new List<StopTerm>(group.Count);
            foreach (var term in group)
            {
                var measures = term.Component is { } name ? components.GetValueOrDefault(name) : window;
                var value = measures is { Requests: > 0 } ? MetricCatalog.Get(term.Metric).FromMeasures?.Invoke(measures) : null;
                if (value is not { } actual || !term.IsMet(actual))
                {
                    break;
                }

                held.Add(new StopTerm(term, Math.Round(actual, 3)));
            }

            if (held.Count == group.Count)
            {
                return held;
            }
        }

        return null;
    }

    private static Criterion? ParseTerm(string text, out string? error)
    {
        error = null;
        if (text.Length == 0)
        {
            error = "an empty term; write terms such as 'error_rate > 5%' or 'p95 > 5s' joined by AND or OR";
            return null;
        }

        // The seed's "5% error rate": the value first, the metric in words; it holds from the value up.
        if (ValueFirst().Match(text) is { Success: true } valueFirst)
        {
            var metric = MetricName(valueFirst.Groups["metric"].Value);
            return Term(metric, ">=" + valueFirst.Groups["value"].Value, text, out error);
        }

        if (MetricFirst().Match(text) is { Success: true } metricFirst)
        {
            return Term(MetricName(metricFirst.Groups["metric"].Value), metricFirst.Groups["rest"].Value, text, out error);
        }

        error = $"'{text}' is not a term; write one such as 'error_rate > 5%', 'p95 > 5s' or '5% error rate'";
        return null;
    }

    private static Criterion? Term(string name, string comparison, string text, out string? error)
    {
        var dot = name.LastIndexOf('.');
        var metric = dot > 0 ? name[(dot + 1)..] : name;
        if (MetricCatalog.Find(metric) is { FromMeasures: null })
        {
            error = $"'{metric}' in '{text}' is not measured per second; a stop condition takes latency, throughput, error and iteration metrics";
            return null;
        }

        var criterion = Criterion.TryParse(name, comparison, out error);
        if (criterion is null)
        {
            error = $"'{text}': {error}";
        }

        return criterion;
    }

    /// <summary>The catalog's name for a metric written as the seed writes it: <c>p95</c>, <c>error rate</c>, <c>errors</c>.</summary>
    private static string MetricName(string written)
    {
        var dot = written.LastIndexOf('.');
        var scope = dot > 0 ? written[..(dot + 1)] : "";
        var metric = (dot > 0 ? written[(dot + 1)..] : written).Trim().ToLowerInvariant().Replace(' ', '_');
        metric = metric switch
        {
            "errors" or "error" or "error_rate" or "errors_rate" => "error_rate",
            "latency" or "response_time" => "response_time_p95",
            "rps" or "requests_per_second" => "throughput",
            _ when PercentileShorthand().IsMatch(metric) => "response_time_" + metric,
            _ => metric,
        };
        return scope + metric;
    }

    [GeneratedRegex(@"\s+OR\s+", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex OrSplit();

    [GeneratedRegex(@"\s+AND\s+", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex AndSplit();

    [GeneratedRegex(@"^(?<value>[0-9]+(\.[0-9]+)?\s*(%|ms|s|/s))\s+(?<metric>[A-Za-z_][A-Za-z0-9_. ]*)$", RegexOptions.CultureInvariant)]
    private static partial Regex ValueFirst();

    [GeneratedRegex(@"^(?<metric>[A-Za-z_][A-Za-z0-9_.]*(\s+rate)?)\s*(?<rest>(<=|>=|<|>|==).*)$", RegexOptions.CultureInvariant)]
    private static partial Regex MetricFirst();

    [GeneratedRegex(@"^(p50|p75|p90|p95|p99|p999|min|max|mean)$", RegexOptions.CultureInvariant)]
    private static partial Regex PercentileShorthand();

    /// <inheritdoc />
    public override string ToString() => Expression;

    /// <summary>The condition's terms in words, as <c>error_rate &gt; 5%</c>.</summary>
    public static string Describe(IEnumerable<StopTerm> terms) =>
        string.Join(" and ", terms.Select(t => string.Create(CultureInfo.InvariantCulture, $"{t.Term.Name} was {t.Actual} (stop at {t.Term.Expression})")));
}

/// <summary>A term of a stop condition that held, with the value it held at.</summary>
/// <param name="Term">The term.</param>
/// <param name="Actual">The window's value of its metric.</param>
public sealed record StopTerm(Criterion Term, double Actual);
