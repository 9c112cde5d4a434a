namespace Redline.Engine;

/// <summary>
/// Receives a running scenario as a stream: its start, each closed second, the events on its
/// timeline, and its result. Live views, interval files, dashboards and exporters are sinks.
/// </summary>
/// <remarks>
/// Calls come in order, one at a time, on a task of the sink's own: a slow sink never holds up
/// the load or the other sinks. A sink that throws, or falls more than
/// <see cref="SinkLimits.MaxBacklog"/> items behind, is switched off for the rest of the scenario
/// and named in the result's notes; the run goes on. The engine waits for a sink to take the
/// scenario's result before it returns (at most <see cref="SinkLimits.CompleteTimeout"/>).
/// </remarks>
public interface IIntervalSink
{
    /// <summary>The scenario is about to start its load.</summary>
    ValueTask OnScenarioStartAsync(ScenarioStart start, CancellationToken cancellationToken) => ValueTask.CompletedTask;

    /// <summary>One closed second.</summary>
    ValueTask OnIntervalAsync(IntervalReport report, CancellationToken cancellationToken);

    /// <summary>One event on the scenario's timeline (a stage change, a target exit, a note, a fault).</summary>
    ValueTask OnEventAsync(RunEvent runEvent, CancellationToken cancellationToken) => ValueTask.CompletedTask;

    /// <summary>The scenario's end and its result, built from the same seconds and events.</summary>
    ValueTask OnScenarioCompleteAsync(ScenarioEnd end, ScenarioResult result, CancellationToken cancellationToken) => ValueTask.CompletedTask;
}

/// <summary>What a sink learns when a scenario starts.</summary>
/// <param name="Scenario">The scenario's name.</param>
/// <param name="Model">The load model: <c>open</c> or <c>closed</c>.</param>
/// <param name="StartedAt">Wall-clock time of the scenario's second zero.</param>
/// <param name="Duration">The load's planned length (the graceful stop may add to it).</param>
/// <param name="Components">The components' names, in the plan's order (the order of each report's snapshots).</param>
public sealed record ScenarioStart(string Scenario, string Model, DateTimeOffset StartedAt, TimeSpan Duration, IReadOnlyList<string> Components)
{
    /// <summary>The scenario's description, when it has one.</summary>
    public string? Description { get; init; }

    /// <summary>The success criteria its result is judged by.</summary>
    public IReadOnlyList<Criterion> Criteria { get; init; } = [];

    /// <summary>The limits past which the generator's figures are not trusted.</summary>
    public GeneratorLimits Generator { get; init; } = GeneratorLimits.Default;

    /// <summary>The run the scenario belongs to, when it runs as part of one (<see cref="ScenarioRunner.RunAllAsync"/>).</summary>
    public RunIdentity? Run { get; init; }

    /// <summary>True when a resource monitor reads the target, the machine and the generator each second.</summary>
    public bool Monitored { get; init; }

    /// <summary>Which run of the scenario this is, from 1 (see <see cref="ScenarioPlan.Repeat"/>).</summary>
    public int Repeat { get; init; } = 1;

    /// <summary>How many times the scenario runs in the run.</summary>
    public int Repeats { get; init; } = 1;

    /// <summary>The load's stages on the timeline, when it has two or more; the result gives each its own figures.</summary>
    public IReadOnlyList<StageSpan> Stages { get; init; } = [];

    /// <summary>A stress scenario's stop condition, when it has one.</summary>
    public StopCondition? StopCondition { get; init; }

    /// <summary>The closed model's think time, for checking Little's law per stage.</summary>
    public TimeSpan ThinkTime { get; init; }

    /// <summary>The open model's bound on iterations in flight; 0 for the closed model.</summary>
    public int MaxConcurrency { get; init; }

    /// <summary>The client the scenario's HTTP requests go through, when it sends any.</summary>
    public string? Transport { get; init; }
}

/// <summary>Which run a scenario belongs to.</summary>
/// <param name="RunId">The run's id.</param>
/// <param name="Suite">The suite's name.</param>
/// <param name="StartedAt">When the run started.</param>
/// <param name="Environment">Where it ran.</param>
public sealed record RunIdentity(string RunId, string Suite, DateTimeOffset StartedAt, EnvironmentInfo Environment);

/// <summary>What a resource monitor watches.</summary>
/// <param name="Supported">False on a platform without the sources it reads.</param>
/// <param name="TargetPid">The watched target process.</param>
/// <param name="RuntimePid">The process whose .NET runtime is read.</param>
public sealed record MonitorInfo(bool Supported, int? TargetPid, int? RuntimePid);

/// <summary>How far a sink may fall behind before it is switched off, and how long its end may take.</summary>
public static class SinkLimits
{
    /// <summary>Items (seconds and events) a sink may have waiting: ten minutes of seconds.</summary>
    public const int MaxBacklog = 600;

    /// <summary>How long the engine waits for a sink to take a scenario's last items and result.</summary>
    public static readonly TimeSpan CompleteTimeout = TimeSpan.FromSeconds(10);
}
