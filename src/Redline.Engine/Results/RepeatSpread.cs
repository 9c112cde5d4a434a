namespace Redline.Engine;

/// <summary>
/// How one metric varied over a scenario's repeats: its value in each repeat, their mean, standard deviation and
/// coefficient of variation. The run-level spread the regression gate judges a change against.
/// </summary>
/// <param name="Metric">The metric, such as <c>response_time_p95</c>.</param>
/// <param name="Unit">Its display unit.</param>
/// <param name="Values">Its value in each repeat, in order.</param>
public sealed record RepeatSpread(string Metric, string Unit, IReadOnlyList<double> Values)
{
    /// <summary>The mean over the repeats.</summary>
    public double Mean => Values.Count == 0 ? 0 : Values.Average();

    /// <summary>The sample standard deviation over the repeats; 0 for fewer than two.</summary>
    public double StandardDeviation => Values.Count < 2 ? 0 : Math.Sqrt(Values.Sum(v => (v - Mean) * (v - Mean)) / (Values.Count - 1));

    /// <summary>The standard deviation in percent of the mean.</summary>
    public double CvPercent => Mean == 0 ? 0 : 100 * StandardDeviation / Math.Abs(Mean);

    /// <summary>The smallest value.</summary>
    public double Min => Values.Count == 0 ? 0 : Values.Min();

    /// <summary>The largest value.</summary>
    public double Max => Values.Count == 0 ? 0 : Values.Max();

    /// <summary>The metrics a spread is given for: those the history store trends, read from each repeat's figures.</summary>
    public static IReadOnlyList<MetricDefinition> Metrics { get; } = [.. MetricCatalog.All.Where(m => m.Trended && m.FromMeasures is not null)];

    /// <summary>The spread of every metric over <paramref name="repeats"/>, for the scenario's totals or one component (or <c>component.step</c>).</summary>
    public static IReadOnlyList<RepeatSpread> Of(IReadOnlyList<ScenarioRepeat> repeats, string? component = null)
    {
        ArgumentNullException.ThrowIfNull(repeats);
        var measures = repeats.Select(r => Find(r, component)).OfType<Measures>().Where(m => m.Requests > 0).ToList();
        return measures.Count == 0
            ? []
            : [.. Metrics.Select(m => new RepeatSpread(m.Name, m.Symbol, [.. measures.Select(x => m.FromMeasures!(x)).OfType<double>()])).Where(s => s.Values.Count > 0)];
    }

    /// <summary>A repeat's figures for the totals (null), a component, or a step named <c>component.step</c>.</summary>
    public static Measures? Find(ScenarioRepeat repeat, string? scope)
    {
        ArgumentNullException.ThrowIfNull(repeat);
        if (scope is null)
        {
            return repeat.Totals;
        }

        if (repeat.Components.FirstOrDefault(c => c.Name == scope) is { } component)
        {
            return component.Measures;
        }

        var dot = scope.IndexOf('.', StringComparison.Ordinal);
        return dot > 0 && repeat.Components.FirstOrDefault(c => c.Name == scope[..dot]) is { } flow
            ? flow.Steps.FirstOrDefault(s => s.Name == scope[(dot + 1)..])?.Measures
            : null;
    }
}
