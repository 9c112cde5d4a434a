namespace Redline.Engine;

/// <summary>What one component (or, with a null <see cref="Component"/>, the whole scenario) did in one second.</summary>
public sealed record IntervalSnapshot(
    long Second,
    string? Component,
    long Requests,
    long Errors,
    long Dropped,
    long Late,
    long Interrupted,
    IReadOnlyDictionary<string, long> ErrorsByType,
    IReadOnlyDictionary<string, long> StatusCodes,
    LatencyStats Latency,
    LatencyStats ServiceTime,
    string LatencyHistogram,
    string ServiceHistogram)
{
    /// <summary>Errors as a percentage of requests.</summary>
    public double ErrorRatePercent => Requests == 0 ? 0 : 100.0 * Errors / Requests;

    /// <summary>The latest an iteration of this second started against its schedule because every slot was busy (open model), in ms.</summary>
    public double MaxStartLagMs { get; init; }

    /// <summary>Connect times of the second's requests that opened a connection, encoded as the latency histogram is; empty when none did.</summary>
    public string ConnectHistogram { get; init; } = "";

    /// <summary>Times to the first byte of the answer, encoded as the latency histogram is; empty when the step does not measure it.</summary>
    public string FirstByteHistogram { get; init; } = "";

    /// <summary>Session set-up times (a protocol handshake a user's first iteration made), encoded as the latency histogram is; empty when none.</summary>
    public string SetupHistogram { get; init; } = "";

    /// <summary>Failure details first seen in this second (a few per error class over the run), in the order they happened.</summary>
    public IReadOnlyList<string> ErrorSamples { get; init; } = [];

    /// <summary>
    /// For a multi-step component (a flow), one snapshot per step in the plan's order, its
    /// <see cref="Component"/> the step's name; empty for a single-step component.
    /// </summary>
    public IReadOnlyList<IntervalSnapshot> Steps { get; init; } = [];

    /// <summary>For a step's snapshot: iterations in which the step did not run because an earlier step failed.</summary>
    public long Skipped { get; init; }

    internal static IntervalSnapshot From(IntervalAccumulator accumulator, string? component, IReadOnlyList<string>? errorSamples = null) => new(
        accumulator.Second,
        component,
        accumulator.Requests,
        accumulator.Errors,
        accumulator.Dropped,
        accumulator.Late,
        accumulator.Interrupted,
        accumulator.ErrorsByType(),
        accumulator.StatusCodeCounts(),
        accumulator.LatencyStats(),
        accumulator.ServiceStats(),
        Histograms.Encode(accumulator.Latency),
        Histograms.Encode(accumulator.Service))
    {
        MaxStartLagMs = Math.Round(accumulator.MaxStartLagMicros / 1000.0, 3),
        ConnectHistogram = accumulator.Connect.TotalCount == 0 ? "" : Histograms.Encode(accumulator.Connect),
        FirstByteHistogram = accumulator.FirstByte.TotalCount == 0 ? "" : Histograms.Encode(accumulator.FirstByte),
        SetupHistogram = accumulator.Setup.TotalCount == 0 ? "" : Histograms.Encode(accumulator.Setup),
        ErrorSamples = errorSamples ?? [],
        Skipped = accumulator.Skipped,
    };
}

/// <summary>One second of a scenario, as sinks receive it.</summary>
/// <param name="Scenario">The scenario's name.</param>
/// <param name="Second">The second's index from the scenario's start.</param>
/// <param name="Components">One snapshot per component, in the plan's order.</param>
/// <param name="Total">All components merged.</param>
/// <param name="Load">The load level at the end of the second: active users (closed) or the scheduled rate (open).</param>
/// <param name="InFlight">Iterations in flight at the end of the second.</param>
/// <param name="Generator">The generator's own health in this second.</param>
/// <param name="Target">The target process's resources in this second, when Redline samples them.</param>
public sealed record IntervalReport(
    string Scenario,
    long Second,
    IReadOnlyList<IntervalSnapshot> Components,
    IntervalSnapshot Total,
    double Load,
    int InFlight,
    GeneratorSample Generator,
    ResourceSample? Target)
{
    /// <summary>Everything the resource monitor read in this second, when a monitor runs.</summary>
    public ResourceFrame? Resources { get; init; }

    /// <summary>How late iterations started against their schedule in this second (the generator's own lag), encoded as latency histograms are.</summary>
    public string ScheduleLagHistogram { get; init; } = "";

    /// <summary>Iterations in flight over the second, time-weighted (the closed model counts every active user), when it was kept.</summary>
    public double? InFlightMean { get; init; }
}

/// <summary>The generator's CPU and schedule lag over one second.</summary>
/// <param name="CpuPercent">Generator CPU as a percentage of the cores it may use.</param>
/// <param name="ScheduleLagP99Ms">99th percentile of how late iterations started against their intended time.</param>
/// <param name="ScheduleLagMaxMs">The largest such lag.</param>
public readonly record struct GeneratorSample(double CpuPercent, double ScheduleLagP99Ms, double ScheduleLagMaxMs)
{
    /// <summary>False when the CPU was not read afresh in this second (read too soon after the last) and repeats the last figure; the run's mean leaves it out.</summary>
    public bool CpuMeasured { get; init; } = true;
}

/// <summary>A target process's resources at one moment.</summary>
/// <param name="Elapsed">Time from the scenario's start.</param>
/// <param name="CpuPercent">CPU over the last interval, 100 = one core.</param>
/// <param name="RssBytes">Resident set size.</param>
/// <param name="Alive">False once the process has exited.</param>
public readonly record struct ResourceSample(TimeSpan Elapsed, double CpuPercent, long RssBytes, bool Alive);
