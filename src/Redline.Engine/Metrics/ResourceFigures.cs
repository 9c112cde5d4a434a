namespace Redline.Engine;

/// <summary>What a resource metric is read from: each part is null when it was not measured.</summary>
/// <param name="Target">The target process's CPU and memory samples.</param>
/// <param name="Resources">The resource monitor's report (runtime, machine, generator).</param>
/// <param name="Business">The seed's business metrics.</param>
public sealed record ResourceFigures(TargetReport? Target, ResourceReport? Resources, BusinessReport? Business)
{
    /// <summary>A stress scenario's report, whose recovery <c>recovery_time</c> reads when it has one.</summary>
    public StressReport? Stress { get; init; }

    /// <summary>The cores of the machine a run describes, else of this one.</summary>
    public static int CoresOf(EnvironmentInfo? environment) => environment is { Cores: > 0 } known ? known.Cores : Environment.ProcessorCount;

    /// <summary>The figures of a finished scenario.</summary>
    public static ResourceFigures Of(ScenarioResult scenario)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        return new(scenario.Target, scenario.Resources, scenario.Business) { Stress = scenario.Stress };
    }
}
