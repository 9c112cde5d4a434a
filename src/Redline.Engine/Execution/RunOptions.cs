namespace Redline.Engine;

/// <summary>How a run is observed and timed; everything here is optional.</summary>
public sealed record RunOptions
{
    /// <summary>The clock; tests pass a fake one.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>Receivers of each closed second.</summary>
    public IReadOnlyList<IIntervalSink> Sinks { get; init; } = [];

    /// <summary>Samples the target process once per second, when Redline owns or watches it.</summary>
    public Func<TimeSpan, ResourceSample>? TargetSampler { get; init; }

    /// <summary>Samples the generator's own CPU (percent of the cores it may use) once per second; the process's own by default.</summary>
    public Func<double>? GeneratorCpuSampler { get; init; }

    /// <summary>How long after a second ends it is closed, so that iterations finishing at its edge are in it.</summary>
    public TimeSpan CloseDelay { get; init; } = TimeSpan.FromMilliseconds(50);
}
