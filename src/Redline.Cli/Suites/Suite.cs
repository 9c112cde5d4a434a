using Redline.Cli.Kinds;

namespace Redline.Cli.Suites;

/// <summary>A suite file, validated and frozen: the target, its components and the scenarios to run.</summary>
/// <param name="Name">The suite's name.</param>
/// <param name="Description">Free-form text shown in reports.</param>
/// <param name="Seed">The seed scenarios inherit unless they set their own.</param>
/// <param name="Target">Where the service under test is and how to start it.</param>
/// <param name="Components">The components, in file order.</param>
/// <param name="Scenarios">The scenarios, in file order.</param>
internal sealed record Suite(
    string Name,
    string? Description,
    int Seed,
    TargetSpec Target,
    IReadOnlyList<ComponentSpec> Components,
    IReadOnlyList<ScenarioSpec> Scenarios)
{
    /// <summary>When a change against a baseline is a regression; the seed's defaults unless the file says otherwise.</summary>
    public Results.Analysis.RegressionThresholds Thresholds { get; init; } = Results.Analysis.RegressionThresholds.Default;

    /// <summary>The fault proxies the suite puts in front of the target's own dependencies, by name.</summary>
    public IReadOnlyDictionary<string, ProxySpec> Proxies { get; init; } = new Dictionary<string, ProxySpec>(StringComparer.Ordinal);

    /// <summary>The alerts judged on every second of a run, in file order.</summary>
    public IReadOnlyList<Alerts.AlertRule> Alerts { get; init; } = [];

    /// <summary>Where the alerts' notifications go, by name.</summary>
    public IReadOnlyDictionary<string, Alerts.NotifierSpec> Notifiers { get; init; } = new Dictionary<string, Alerts.NotifierSpec>(StringComparer.Ordinal);

    /// <summary>What <c>redline ci</c> runs for each trigger; null when the suite has no <c>pipeline:</c>.</summary>
    public PipelineSpec? Pipeline { get; init; }

    /// <summary>How long the suite's history is kept; null for the seed's policy.</summary>
    public Results.History.RetentionPolicy? Retention { get; init; }

    /// <summary>The seed when the file gives none.</summary>
    public const int DefaultSeed = 1;

    /// <summary>The scenario called <paramref name="name"/>, or null.</summary>
    public ScenarioSpec? FindScenario(string name) => Scenarios.FirstOrDefault(s => s.Name == name);

    /// <summary>The component called <paramref name="name"/>, or null.</summary>
    public ComponentSpec? FindComponent(string name) => Components.FirstOrDefault(c => c.Name == name);
}

/// <summary>One component: a named unit of work of one kind, with its baseline and target performance.</summary>
/// <param name="Name">The name criteria and results refer to.</param>
/// <param name="Description">Free-form text shown in reports.</param>
/// <param name="Kind">Its kind, which read <paramref name="Spec"/> and builds its step.</param>
/// <param name="Spec">What its kind read from the suite (for <c>request:</c>, an HTTP request spec).</param>
/// <param name="Baseline">The performance before optimisation, if given.</param>
/// <param name="Target">The performance the component should reach, if given.</param>
internal sealed record ComponentSpec(
    string Name,
    string? Description,
    IComponentKind Kind,
    object Spec,
    PerformanceTable? Baseline,
    PerformanceTable? Target);

/// <summary>A row of the baseline or target table; every value is optional.</summary>
/// <param name="P50">Median latency.</param>
/// <param name="P95">95th percentile latency.</param>
/// <param name="P99">99th percentile latency.</param>
/// <param name="Max">Maximum latency.</param>
/// <param name="Throughput">Requests per second.</param>
internal sealed record PerformanceTable(TimeSpan? P50, TimeSpan? P95, TimeSpan? P99, TimeSpan? Max, double? Throughput);
