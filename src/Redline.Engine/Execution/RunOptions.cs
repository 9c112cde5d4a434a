namespace Redline.Engine;

/// <summary>How a run is observed and timed; everything here is optional.</summary>
public sealed record RunOptions
{
    /// <summary>The clock; tests pass a fake one.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>Receivers of each closed second.</summary>
    public IReadOnlyList<IIntervalSink> Sinks { get; init; } = [];

    /// <summary>Where code outside the engine (the CLI, fault injectors, alert rules) posts events for the scenario's timeline; give it this run's clock.</summary>
    public RunEventJournal? Events { get; init; }

    /// <summary>Reads the target, its runtime, the machine and the generator's runtime once per second; its target figures take the place of <see cref="TargetSampler"/>.</summary>
    public IResourceMonitor? Resources { get; init; }

    /// <summary>Samples the target process's CPU and memory once per second, when no <see cref="Resources"/> monitor is given.</summary>
    public Func<TimeSpan, ResourceSample>? TargetSampler { get; init; }

    /// <summary>Samples the generator's own CPU (percent of the cores it may use) once per second; the process's own by default.</summary>
    public Func<double>? GeneratorCpuSampler { get; init; }

    /// <summary>
    /// Keep each second's encoded histograms in the result's <see cref="ScenarioResult.Timeline"/>
    /// (a few hundred bytes per component and second). Turn it off when a sink keeps them
    /// (<see cref="IntervalFileSink"/>) and read the timeline back from there
    /// (<see cref="IntervalFileReader.Timeline"/>): a long run's memory then stays flat.
    /// </summary>
    public bool TimelineHistograms { get; init; } = true;

    /// <summary>
    /// Keep the per-second timeline in the result at all. Turn it off when a sink keeps it
    /// (<see cref="IntervalFileSink"/>) and read it back from there: then only a few numbers per second
    /// (requests, errors, iterations in flight) stay in memory.
    /// </summary>
    public bool KeepTimeline { get; init; } = true;

    /// <summary>How long after a second ends it is closed, so that iterations finishing at its edge are in it.</summary>
    public TimeSpan CloseDelay { get; init; } = TimeSpan.FromMilliseconds(50);
}
