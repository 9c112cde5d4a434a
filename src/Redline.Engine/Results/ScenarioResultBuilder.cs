using HdrHistogram;

namespace Redline.Engine;

/// <summary>How a scenario's stream ended: what the result needs besides its seconds and events.</summary>
/// <param name="Duration">From second zero to the end of the drain.</param>
/// <param name="LoadEndedAt">When no new iteration was started any more (throughput is counted to it); null when the load ran its course with the drain.</param>
/// <param name="StoppedByUser">True when the user stopped the run.</param>
/// <param name="AbortReason">Why abort_on_fail stopped it early, when it did.</param>
/// <param name="Notes">What went wrong around the measurement (a sink or the monitor switched off).</param>
public sealed record ScenarioEnd(TimeSpan Duration, TimeSpan? LoadEndedAt, bool StoppedByUser, string? AbortReason, IReadOnlyList<string> Notes)
{
    /// <summary>Wall-clock time of the end.</summary>
    public DateTimeOffset EndedAt { get; init; }

    /// <summary>What the resource monitor watched, when one ran.</summary>
    public MonitorInfo? Monitor { get; init; }

    /// <summary>What the resource monitor could not read and why, when one ran.</summary>
    public IReadOnlyDictionary<string, string> Unavailable { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);
}

/// <summary>
/// Folds a scenario's stream (its start, each closed second, its events, its end) into its result:
/// totals and per-component figures, the generator's health, the target's and the machine's
/// resources, the business figures, criteria and the verdict. The engine builds every result this
/// way as the seconds close, and the same seconds read back from intervals.ndjson fold to the same
/// result. Nothing per second is kept beyond the timeline (without histograms unless asked, and not at
/// all when a sink's file holds it) and a tally of requests, errors and iterations in flight.
/// </summary>
public sealed class ScenarioResultBuilder
{
    private ScenarioStart _start;
    private readonly bool _keepHistograms;
    private readonly bool _keepTimeline;
    private readonly List<SecondTally> _tallies = [];
    private readonly Dictionary<string, List<SecondTally>> _componentTallies = new(StringComparer.Ordinal);
    private readonly SnapshotTotals[] _components;
    private readonly List<(string Name, SnapshotTotals Totals)>[] _steps;
    private readonly SnapshotTotals _total = new();
    private List<StageTally> _stages = [];
    private readonly List<TimelinePoint> _timeline = [];
    private readonly List<ResourceSample> _targetSamples = [];
    private readonly List<RunEvent> _events = [];
    private readonly LongHistogram _lag = Histograms.Create();
    private readonly SaturationJudge _saturation;
    private readonly ResourceReportBuilder? _resources;
    private double _lagMaxMs;
    private int _cpuReads;
    private double _cpuSum;
    private double _cpuPeak;

    /// <summary>A builder for the scenario that <paramref name="start"/> opens.</summary>
    /// <param name="start">The scenario's start, as sinks receive it.</param>
    /// <param name="monitor">The resource monitor that read its frames (what it watched and could not read), when one ran.</param>
    /// <param name="keepHistograms">Keep each second's encoded histograms in the result's timeline.</param>
    /// <param name="keepTimeline">
    /// Keep the timeline at all; without it the result's timeline is empty and only a few numbers per
    /// second stay in memory, for a caller that reads the timeline back from a sink's file.
    /// </param>
    public ScenarioResultBuilder(ScenarioStart start, IResourceMonitor? monitor = null, bool keepHistograms = true, bool keepTimeline = true)
    {
        ArgumentNullException.ThrowIfNull(start);
        _start = start;
        _keepHistograms = keepHistograms;
        _keepTimeline = keepTimeline;
        _components = [.. start.Components.Select(_ => new SnapshotTotals())];
        _steps = [.. start.Components.Select(_ => new List<(string, SnapshotTotals)>())];
        _saturation = new SaturationJudge(start.Generator);
        _resources = monitor is null ? null : new ResourceReportBuilder(monitor);
        _stages = [.. start.Stages.Select(s => new StageTally(s, start.Components))];
    }

    /// <summary>Takes the start as it was sent when the scenario's second zero was set (its wall-clock start known only then).</summary>
    internal void Begin(ScenarioStart start)
    {
        _start = start;
        _stages = [.. start.Stages.Select(s => new StageTally(s, start.Components))];
    }

    /// <summary>The seconds folded so far.</summary>
    public int Seconds => _tallies.Count;

    /// <summary>Folds one closed second.</summary>
    public void Add(IntervalReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        for (var i = 0; i < _components.Length && i < report.Components.Count; i++)
        {
            _components[i].Add(report.Components[i]);
            AddSteps(_steps[i], report.Components[i].Steps);
        }

        _total.Add(report.Total);
        StageOf(report.Second)?.Add(report);
        _tallies.Add(new SecondTally(report.Second, report.Total.Requests, report.Total.Errors, report.InFlight) { P95Ms = report.Total.Latency.P95 });
        foreach (var component in report.Components.Where(c => c.Component is not null))
        {
            var tallies = _componentTallies.TryGetValue(component.Component!, out var list) ? list : _componentTallies[component.Component!] = [];
            tallies.Add(new SecondTally(report.Second, component.Requests, component.Errors, 0) { P95Ms = component.Latency.P95 });
        }

        if (_keepTimeline)
        {
            _timeline.Add(_keepHistograms
                ? new TimelinePoint(report.Second, report.Load, report.InFlight, report.Total, report.Components, report.Generator, report.Target)
                : new TimelinePoint(report.Second, report.Load, report.InFlight, WithoutHistograms(report.Total), [.. report.Components.Select(WithoutHistograms)], report.Generator, report.Target));
        }

        if (report.Target is { } target)
        {
            _targetSamples.Add(target);
        }

        var generator = report.Generator;
        if (generator.CpuMeasured)
        {
            _cpuReads++;
            _cpuSum += generator.CpuPercent;
            _cpuPeak = Math.Max(_cpuPeak, generator.CpuPercent);
        }

        if (!string.IsNullOrEmpty(report.ScheduleLagHistogram))
        {
            HistogramCodec.AddTo(_lag, report.ScheduleLagHistogram);
        }

        _lagMaxMs = Math.Max(_lagMaxMs, generator.ScheduleLagMaxMs);
        _saturation.Add(generator.ScheduleLagP99Ms, generator.CpuPercent, report.Resources);
        if (report.Resources is { } frame)
        {
            _resources?.Add(frame);
        }
    }

    /// <summary>Keeps one event of the scenario's timeline.</summary>
    public void Add(RunEvent runEvent)
    {
        ArgumentNullException.ThrowIfNull(runEvent);
        _events.Add(runEvent);
        if (runEvent.Kind == RunEventKind.LoadSet)
        {
            SetLoad(runEvent);
        }
    }

    /// <summary>
    /// The load was set to a level away from its schedule (a probe of the break, the recovery): the
    /// schedule's stages end there, and the level is a stage of its own until it ends or is set again.
    /// </summary>
    private void SetLoad(RunEvent runEvent)
    {
        var data = runEvent.Data;
        if (!data.TryGetValue("level", out var levelText) || !double.TryParse(levelText, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var level)
            || !data.TryGetValue("until_s", out var untilText) || !double.TryParse(untilText, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var until))
        {
            return;
        }

        var from = runEvent.At;
        CutStagesAt(from);
        var unit = data.GetValueOrDefault("unit") ?? (_start.Model == "closed" ? "users" : "req/s");
        var span = new StageSpan(_stages.Count + 1, from, TimeSpan.FromSeconds(until), level, level, unit) { Phase = data.GetValueOrDefault("phase") ?? "load" };
        _stages.Add(new StageTally(span, _start.Components));
    }

    /// <summary>Ends every stage at <paramref name="at"/>: one that had not begun is dropped, one under way is cut short.</summary>
    private void CutStagesAt(TimeSpan at)
    {
        _stages.RemoveAll(s => s.Span.Start >= at && s.Seconds == 0);
        foreach (var stage in _stages.Where(s => s.Span.End > at))
        {
            stage.Span = stage.Span with { End = at > stage.Span.Start ? at : stage.Span.Start };
        }
    }

    /// <summary>The criteria as they stand after the seconds folded so far, for abort_on_fail.</summary>
    public IReadOnlyList<CriterionOutcome> CriteriaSoFar()
    {
        var seconds = Math.Max(_tallies.Count, 1);
        return CriteriaEvaluator.Evaluate(_start.Criteria, _total.Measures(seconds), ComponentMeasures(seconds), new ResourceFigures(TargetReport(), null, null));
    }

    /// <summary>The scenario's result.</summary>
    public ScenarioResult Build(ScenarioEnd end)
    {
        ArgumentNullException.ThrowIfNull(end);
        var seconds = Math.Max((end.LoadEndedAt ?? end.Duration).TotalSeconds, 0.001);
        var components = _start.Components.Select((name, i) => new ComponentResult(name, _components[i].Measures(seconds), _components[i].ErrorSamples)
        {
            Steps = [.. _steps[i].Select(s => new StepResult(s.Name, s.Totals.Measures(seconds), s.Totals.Skipped, s.Totals.ErrorSamples))],
            SessionSetup = _components[i].SessionSetup,
        }).ToList();
        var totals = _total.Measures(seconds);
        var target = TargetReport();
        var resources = _resources?.Build();
        var business = BusinessReport.From(totals, _tallies, resources);
        // A load stopped early (the break, abort_on_fail, the user) ends its stages there; one that ran its course keeps them whole.
        if (end.LoadEndedAt is { } loadEnded && _stages.Count > 0 && loadEnded < _stages.Max(s => s.Span.End) - TimeSpan.FromSeconds(1))
        {
            CutStagesAt(loadEnded);
        }

        var stages = _stages.Where(s => s.Seconds > 0 || s.Span.Phase == "load").Select(s => s.Result(_start.Generator)).ToList();
        var stress = _start.StopCondition is { } condition ? StressAnalysis.Of(condition, stages, _events, _tallies, _start, ResourceFigures.CoresOf(_start.Run?.Environment)) : null;
        var chaos = FaultReport.From(_events, _tallies, _componentTallies);
        var criteria = CriteriaEvaluator.Evaluate(_start.Criteria, totals, ByName(components), new ResourceFigures(target, resources, business) { Stress = stress, Chaos = chaos });

        // A target that died mid-run fails the scenario: its quick connection errors could
        // otherwise pull the latency percentiles down far enough to pass.
        var targetDied = target?.Exited == true;
        var cpuMean = _cpuReads == 0 ? 0 : Math.Round(_cpuSum / _cpuReads, 2);
        var generator = _saturation.Judge(LatencyStats.From(_lag).P99, _lagMaxMs, cpuMean, _cpuPeak) with { Transport = _start.Transport };
        // Requests the generator could not send (its file descriptors, its ports) say nothing of
        // the target, and a run that lost them did not put the load it claims: it fails.
        var generatorFailures = totals.ErrorsByType.GetValueOrDefault(ErrorKind.Generator.Name);
        string? generatorFailure = null;
        if (generatorFailures > 0)
        {
            var prefix = ErrorKind.Generator.Name + ": ";
            var sample = components.SelectMany(c => c.ErrorSamples).FirstOrDefault(e => e.StartsWith(prefix, StringComparison.Ordinal))?[prefix.Length..];
            generatorFailure = $"the generator could not send {generatorFailures} request(s) itself{(sample is null ? "" : $" ({sample})")}; they are not counted as the target's errors, and the run's numbers are not trustworthy";
            generator = generator with
            {
                Saturated = true,
                Reasons = [generatorFailure, .. generator.Reasons],
                Cause = generator.Cause is SaturationCause.Machine or SaturationCause.Both ? SaturationCause.Both : SaturationCause.Generator,
            };
        }

        var verdict = end.StoppedByUser ? Verdict.Aborted
            : end.AbortReason is not null || targetDied || generatorFailure is not null || criteria.Any(c => !c.Passed) ? Verdict.Failed
            : Verdict.Passed;
        var reason = end.StoppedByUser ? $"stopped by the user after {end.LoadEndedAt?.TotalSeconds ?? seconds:0.0}s"
            : end.AbortReason ?? (targetDied ? target!.Note : generatorFailure);
        return new ScenarioResult(
            _start.Scenario,
            _start.Model,
            _start.Description,
            _start.StartedAt,
            end.Duration,
            verdict,
            reason,
            totals,
            components,
            criteria,
            generator,
            target,
            [.. _timeline])
        {
            Notes = end.Notes,
            Resources = resources,
            Business = business,
            Events = [.. _events],
            Repeat = _start.Repeat,
            Stages = stages,
            Stress = stress,
            Capacity = CapacityModel.Of(stages, _start),
            Chaos = chaos,
        };
    }

    /// <summary>The stage a second belongs to: the one its middle falls in; none for the drain after the last stage.</summary>
    private StageTally? StageOf(long second)
    {
        var middle = TimeSpan.FromSeconds(second + 0.5);
        return _stages.FirstOrDefault(s => s.Span.Start <= middle && middle < s.Span.End);
    }

    /// <summary>One stage's seconds added up: its snapshots, the target's samples and the generator's health.</summary>
    private sealed class StageTally(StageSpan span, IReadOnlyList<string> components)
    {
        private readonly SnapshotTotals _totals = new();
        private readonly SnapshotTotals[] _components = [.. components.Select(_ => new SnapshotTotals())];
        private readonly List<ResourceSample> _target = [];
        private double _cpuSum;
        private int _cpuReads;
        private double _lagP99;
        private double _inFlightSum;
        private long? _poolQueueMax;
        private double _gcSum;
        private int _gcReads;

        public StageSpan Span { get; set; } = span;

        public int Seconds { get; private set; }

        public void Add(IntervalReport report)
        {
            Seconds++;
            _totals.Add(report.Total);
            for (var i = 0; i < _components.Length && i < report.Components.Count; i++)
            {
                _components[i].Add(report.Components[i]);
            }

            _inFlightSum += report.InFlightMean ?? report.InFlight;
            if (report.Target is { Alive: true } target)
            {
                _target.Add(target);
            }

            if (report.Generator.CpuMeasured)
            {
                _cpuSum += report.Generator.CpuPercent;
                _cpuReads++;
            }

            _lagP99 = Math.Max(_lagP99, report.Generator.ScheduleLagP99Ms);
            if (report.Resources?.TargetRuntime is { Connected: true } runtime)
            {
                if (runtime.ThreadPoolQueueLength is { } queue)
                {
                    _poolQueueMax = Math.Max(_poolQueueMax ?? 0, queue);
                }

                if (runtime.TimeInGcPercent is { } gc)
                {
                    _gcSum += gc;
                    _gcReads++;
                }
            }
        }

        public StageResult Result(GeneratorLimits limits)
        {
            var cpu = _cpuReads == 0 ? 0 : Math.Round(_cpuSum / _cpuReads, 2);
            var length = Math.Max((Span.End - Span.Start).TotalSeconds, 0.001);
            return new StageResult(
                Span,
                _totals.Measures(length),
                _target.Count == 0 ? null : Math.Round(_target.Average(t => t.CpuPercent), 2),
                _target.Count == 0 ? null : _target.Max(t => t.RssBytes),
                cpu,
                _lagP99,
                _lagP99 > limits.MaxScheduleLagP99.TotalMilliseconds || cpu > limits.MaxCpuPercent)
            {
                InFlightMean = Seconds == 0 ? 0 : Math.Round(_inFlightSum / Seconds, 3),
                ThreadPoolQueueMax = _poolQueueMax,
                TimeInGcPercent = _gcReads == 0 ? null : Math.Round(_gcSum / _gcReads, 2),
                Components = components.Select((name, i) => (name, i)).ToDictionary(c => c.name, c => _components[c.i].Measures(length), StringComparer.Ordinal),
            };
        }
    }

    /// <summary>Each component's figures by name, and each step's by <c>component.step</c>, as criteria name them.</summary>
    private Dictionary<string, Measures> ComponentMeasures(double seconds) => ByName(_start.Components.Select((name, i) => new ComponentResult(name, _components[i].Measures(seconds), [])
    {
        Steps = [.. _steps[i].Select(s => new StepResult(s.Name, s.Totals.Measures(seconds), s.Totals.Skipped, []))],
    }));

    private static Dictionary<string, Measures> ByName(IEnumerable<ComponentResult> components)
    {
        var byName = new Dictionary<string, Measures>(StringComparer.Ordinal);
        foreach (var component in components)
        {
            byName[component.Name] = component.Measures;
            foreach (var step in component.Steps)
            {
                byName[$"{component.Name}.{step.Name}"] = step.Measures;
            }
        }

        return byName;
    }

    // Steps are matched by name, so a second whose snapshot lacks a step (a file cut short) cannot shift the others.
    private static void AddSteps(List<(string Name, SnapshotTotals Totals)> totals, IReadOnlyList<IntervalSnapshot> steps)
    {
        foreach (var step in steps)
        {
            var name = step.Component ?? "";
            var index = totals.FindIndex(t => t.Name == name);
            if (index < 0)
            {
                totals.Add((name, new SnapshotTotals()));
                index = totals.Count - 1;
            }

            totals[index].Totals.Add(step);
        }
    }

    private static IntervalSnapshot WithoutHistograms(IntervalSnapshot snapshot) =>
        snapshot with { LatencyHistogram = "", ServiceHistogram = "", ConnectHistogram = "", FirstByteHistogram = "" };

    private TargetReport? TargetReport()
    {
        if (_targetSamples.Count == 0)
        {
            return null;
        }

        var alive = _targetSamples.Where(s => s.Alive).ToList();
        var exited = _targetSamples.FirstOrDefault(s => !s.Alive);
        var note = exited.Elapsed > TimeSpan.Zero || !_targetSamples[0].Alive
            ? $"the target process exited during the run (gone at {exited.Elapsed.TotalSeconds:0}s)"
            : null;
        var meanCpu = alive.Count == 0 ? 0 : alive.Average(s => s.CpuPercent);
        return new TargetReport(
            Math.Round(meanCpu, 2),
            Math.Round(alive.Count == 0 ? 0 : alive.Max(s => s.CpuPercent), 2),
            Math.Round(meanCpu / Environment.ProcessorCount, 2),
            alive.Count == 0 ? 0 : alive.Max(s => s.RssBytes),
            alive.Count == 0 ? 0 : (long)alive.Average(s => s.RssBytes),
            [.. _targetSamples],
            note);
    }
}
