namespace Redline.Engine;

/// <summary>
/// What kind of thing happened during a run. Open-ended: Redline posts the kinds named here, and
/// faults, alerts or a caller's own code may post kinds of their own (snake_case by convention).
/// </summary>
/// <param name="Name">The kind's name as results.json and events.ndjson spell it.</param>
public readonly record struct RunEventKind(string Name)
{
    /// <summary>The load moved to a new stage, ramp, burst or peak of its schedule.</summary>
    public static readonly RunEventKind Stage = new("stage");

    /// <summary>The target process was started (or found) and answered.</summary>
    public static readonly RunEventKind TargetStarted = new("target_started");

    /// <summary>The target process exited while the scenario ran.</summary>
    public static readonly RunEventKind TargetExited = new("target_exited");

    /// <summary>The scenario was stopped before its end, by the user or by abort_on_fail.</summary>
    public static readonly RunEventKind Stopped = new("stopped");

    /// <summary>A stress scenario's stop condition held over its window: the break, with the load and figures it held at.</summary>
    public static readonly RunEventKind BreakingPoint = new("breaking_point");

    /// <summary>A level between the last good and the first bad load was held and judged: good, bad or inconclusive.</summary>
    public static readonly RunEventKind BreakProbe = new("break_probe");

    /// <summary>The load was set to a level away from its schedule: a probe of the break, or the recovery.</summary>
    public static readonly RunEventKind LoadSet = new("load_set");

    /// <summary>A fault was applied: its <c>id</c>, <c>fault</c>, <c>on</c> and <c>asked</c> size in the data.</summary>
    public static readonly RunEventKind FaultStarted = new("fault_started");

    /// <summary>A fault was reverted: its <c>id</c> and the <c>achieved</c> size, measured, in the data.</summary>
    public static readonly RunEventKind FaultEnded = new("fault_ended");

    /// <summary>Something worth knowing about the measurement itself, e.g. a sink switched off.</summary>
    public static readonly RunEventKind Note = new("note");

    /// <inheritdoc />
    public override string ToString() => Name;
}

/// <summary>One event on a scenario's timeline, beside its per-second intervals.</summary>
/// <param name="Scenario">The scenario it happened in.</param>
/// <param name="At">Time from the scenario's start (zero for what happened before it started).</param>
/// <param name="Kind">What kind of event it is.</param>
/// <param name="Text">What happened, in words.</param>
public sealed record RunEvent(string Scenario, TimeSpan At, RunEventKind Kind, string Text)
{
    /// <summary>The component it concerns, when it concerns one.</summary>
    public string? Component { get; init; }

    /// <summary>Figures or names that go with it (a fault's magnitude, an alert's value), as text.</summary>
    public IReadOnlyDictionary<string, string> Data { get; init; } = EmptyData;

    private static readonly IReadOnlyDictionary<string, string> EmptyData = new Dictionary<string, string>(StringComparer.Ordinal);
}
