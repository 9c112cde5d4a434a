namespace Redline.Engine;

/// <summary>What a scenario, or one of its components, measured over the whole run.</summary>
/// <param name="Requests">Completed iterations (successes and failures; not interrupted or dropped ones).</param>
/// <param name="Errors">Failed iterations.</param>
/// <param name="ThroughputRps">Completed iterations per second of the scenario's measured length.</param>
/// <param name="Latency">Latency; in the open model timed from the intended start.</param>
/// <param name="ServiceTime">Time from the actual start of the iteration to its end.</param>
/// <param name="Connect">Connection set-up time, where steps report it.</param>
/// <param name="TimeToFirstByte">Time to the first byte of the answer, where steps report it.</param>
/// <param name="ErrorsByType">Failures per error class.</param>
/// <param name="StatusCodes">Answers per protocol status code, successes included.</param>
/// <param name="LateIterations">Open model: iterations that found every slot busy at their due time and started late.</param>
/// <param name="DroppedIterations">Open model with on_saturation: drop: iterations not started because every slot was busy.</param>
/// <param name="InterruptedIterations">Iterations cancelled when the graceful stop ran out.</param>
/// <param name="MaxStartLagMs">The largest delay of a late iteration's start.</param>
public sealed record Measures(
    long Requests,
    long Errors,
    double ThroughputRps,
    LatencyStats Latency,
    LatencyStats ServiceTime,
    LatencyStats Connect,
    LatencyStats TimeToFirstByte,
    IReadOnlyDictionary<string, long> ErrorsByType,
    IReadOnlyDictionary<string, long> StatusCodes,
    long LateIterations,
    long DroppedIterations,
    long InterruptedIterations,
    double MaxStartLagMs)
{
    /// <summary>Errors as a percentage of completed requests.</summary>
    public double ErrorRatePercent => Requests == 0 ? 0 : Math.Round(100.0 * Errors / Requests, 4);
}

/// <summary>One component's results.</summary>
/// <param name="Name">The component's name.</param>
/// <param name="Measures">What it measured.</param>
/// <param name="ErrorSamples">The first few failure details of each class, to tell a user what went wrong.</param>
public sealed record ComponentResult(string Name, Measures Measures, IReadOnlyList<string> ErrorSamples)
{
    /// <summary>How long opening the users' sessions took (timed apart from latency), when the component's iterations opened any.</summary>
    public LatencyStats? SessionSetup { get; init; }

    /// <summary>For a multi-step component (a flow), each step's figures in order; empty for a single step.</summary>
    public IReadOnlyList<StepResult> Steps { get; init; } = [];
}

/// <summary>What one step of a multi-step component measured over a scenario.</summary>
/// <param name="Name">The step's name.</param>
/// <param name="Measures">What it measured: its own time per run of the step, its errors and their classes.</param>
/// <param name="Skipped">Iterations in which it did not run because an earlier step failed.</param>
/// <param name="ErrorSamples">The first few failure details of each class.</param>
public sealed record StepResult(string Name, Measures Measures, long Skipped, IReadOnlyList<string> ErrorSamples);
