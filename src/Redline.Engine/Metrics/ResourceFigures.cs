namespace Redline.Engine;

/// <summary>What a resource metric is read from: each part is null when it was not measured.</summary>
/// <param name="Target">The target process's CPU and memory samples.</param>
/// <param name="Resources">The resource monitor's report (runtime, machine, generator).</param>
/// <param name="Business">The seed's business metrics.</param>
public sealed record ResourceFigures(TargetReport? Target, ResourceReport? Resources, BusinessReport? Business)
{
    /// <summary>A stress scenario's report, whose recovery <c>recovery_time</c> reads when it has one.</summary>
    public StressReport? Stress { get; init; }

    /// <summary>The faults injected, which <c>cascading_failures</c> and (after them) <c>recovery_time</c> read.</summary>
    public IReadOnlyList<FaultReport> Chaos { get; init; } = [];

    /// <summary>The components that cascaded past what a fault allowed them, by name; null when no fault was injected.</summary>
    public IReadOnlyList<string>? Cascaded => Chaos.Count == 0 ? null : [.. Chaos.SelectMany(f => f.Components).Where(c => c.Cascaded).Select(c => c.Component).Distinct().Order(StringComparer.Ordinal)];

    /// <summary>
    /// The longest time back within the band after a fault that moved the scenario out of it, in seconds; 0 when
    /// none did; null when one never came back (or no fault ended). A fault whose recovery the next fault cut
    /// short is not judged, unless every fault that moved the scenario was cut short (then null as well).
    /// </summary>
    public double? FaultRecoverySeconds
    {
        get
        {
            var impacting = Chaos.Where(f => f.EndedAtSeconds is not null && f.Impact.TimeToImpactSeconds is not null).ToList();
            var judged = impacting.Where(f => f.Impact.NextFaultAfterSeconds is null).ToList();
            return Chaos.All(f => f.EndedAtSeconds is null) ? null
                : judged.Any(f => f.Impact.RecoveryTimeSeconds is null) ? null
                : impacting.Count == 0 ? 0
                : judged.Count == 0 ? null
                : judged.Max(f => f.Impact.RecoveryTimeSeconds);
        }
    }

    /// <summary>The cores of the machine a run describes, else of this one.</summary>
    public static int CoresOf(EnvironmentInfo? environment) => environment is { Cores: > 0 } known ? known.Cores : Environment.ProcessorCount;

    /// <summary>The figures of a finished scenario.</summary>
    public static ResourceFigures Of(ScenarioResult scenario)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        return new(scenario.Target, scenario.Resources, scenario.Business) { Stress = scenario.Stress, Chaos = scenario.Chaos };
    }
}
