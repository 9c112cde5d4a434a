namespace Redline.Engine;

/// <summary>
/// Closes each second of a scenario shortly after it ends: merges it into the totals, samples the
/// generator and the target, hands it to the sinks, keeps it for the timeline, and checks
/// abort-on-fail criteria. Totals are built only from closed seconds, so they equal the intervals' sum.
/// </summary>
internal sealed class IntervalBook
{
    private readonly ScenarioExecution _run;
    private readonly SinkPump[] _sinks;
    private readonly List<RunEvent> _events = [];
    private readonly Queue<(TimeSpan At, string Text)> _phases;
    private bool _targetExitPosted;
    private readonly SaturationJudge _saturation;
    private readonly HashSet<string> _notesPosted = new(StringComparer.Ordinal);
    private readonly IntervalAccumulator[] _totals;
    private readonly IntervalAccumulator _scenarioTotal = new();
    private readonly IntervalAccumulator _second = new();
    private readonly List<TimelinePoint> _timeline = [];
    private readonly List<ResourceSample> _targetSamples = [];
    private int _cpuReads;
    private double _cpuSum;
    private double _cpuPeak;
    private readonly Func<double> _cpuSampler;
    private readonly ResourceReportBuilder? _resources;
    private readonly MonitorReader? _monitor;
    private long _closedThrough = -1;
    private ReadSpacing _cpuSpacing;
    private double _lastCpu;

    public IntervalBook(ScenarioExecution run)
    {
        _run = run;
        _sinks = [.. run.Options.Sinks.Select(s => new SinkPump(s))];
        _phases = new Queue<(TimeSpan, string)>(LoadPhases.Of(run.Plan.Load));
        _saturation = new SaturationJudge(run.Plan.Generator);
        _totals = [.. run.Components.Select(_ => new IntervalAccumulator())];
        _cpuSampler = run.Options.GeneratorCpuSampler ?? new GeneratorCpuMonitor().SampleCpuPercent;
        if (run.Options.Resources is { } monitor)
        {
            // One monitor serves every scenario of a run: this read starts the rates afresh.
            _monitor = new MonitorReader(monitor);
            _monitor.Restart();
            _resources = new ResourceReportBuilder(monitor);
        }
    }

    public IReadOnlyList<TimelinePoint> Timeline => _timeline;

    /// <summary>Failures of sinks and of the resource monitor, each switched off when it failed.</summary>
    public IEnumerable<string> ObserverFailures => _sinks.Where(s => s.Failure is not null).Select(s => $"{s.Name} failed and was switched off: {s.Failure}")
        .Concat(_monitor?.Failure is { } failure ? [$"the resource monitor failed and was switched off: {failure.Message}"] : []);

    /// <summary>Tells the sinks the scenario starts, with what happened before its second zero.</summary>
    public void Begin()
    {
        var start = new ScenarioStart(_run.Plan.Name, _run.Plan.Load.Model, _run.StartedAt, _run.Plan.Load.Duration, [.. _run.Components.Select(c => c.Name)]);
        foreach (var sink in _sinks)
        {
            sink.Post(start);
        }

        PostEventsThrough(TimeSpan.Zero);
    }

    /// <summary>Closes each second as it passes until <paramref name="loadDone"/> is cancelled.</summary>
    public async Task RunAsync(CancellationToken loadDone)
    {
        for (var next = 1L; ; next++)
        {
            if (!await _run.WaitUntilAsync(TimeSpan.FromSeconds(next) + _run.Options.CloseDelay, loadDone).ConfigureAwait(false))
            {
                return;
            }

            CloseThrough(next - 1);
            CheckAbort();
        }
    }

    /// <summary>Closes every second that has anything in it, at the end of the scenario.</summary>
    public void CloseAll()
    {
        var last = Math.Max(_run.Recorders.Max(r => r.LastOpenSecond()), (long)Math.Floor(_run.Elapsed.TotalSeconds));
        CloseThrough(last);
    }

    public ScenarioResult BuildResult()
    {
        var seconds = Math.Max((_run.LoadEndedAt ?? _run.Elapsed).TotalSeconds, 0.001);
        var components = _run.Components.Select((c, i) => new ComponentResult(c.Name, Measure(_totals[i], seconds, _run.Recorders[i]), _run.Recorders[i].ErrorSamples())).ToList();
        var totals = Measure(_scenarioTotal, seconds, null);
        var target = TargetReport();
        var resources = _resources?.Build();
        var business = BusinessReport.From(totals, _timeline, resources);
        var criteria = CriteriaEvaluator.Evaluate(_run.Plan.Criteria, totals, components.ToDictionary(c => c.Name, c => c.Measures), new ResourceFigures(target, resources, business));
        // A target that died mid-run fails the scenario: its quick connection errors could
        // otherwise pull the latency percentiles down far enough to pass.
        var targetDied = target?.Exited == true;
        var verdict = _run.UserStop.IsCancellationRequested ? Verdict.Aborted
            : _run.AbortReason is not null || targetDied || criteria.Any(c => !c.Passed) ? Verdict.Failed
            : Verdict.Passed;
        var reason = _run.UserStop.IsCancellationRequested ? $"stopped by the user after {_run.LoadEndedAt?.TotalSeconds ?? seconds:0.0}s"
            : _run.AbortReason ?? (targetDied ? target!.Note : null);
        if (_run.UserStop.IsCancellationRequested)
        {
            Post(new RunEvent(_run.Plan.Name, _run.LoadEndedAt ?? _run.Elapsed, RunEventKind.Stopped, reason!));
        }

        PostEventsThrough(_run.Elapsed);
        return new ScenarioResult(
            _run.Plan.Name,
            _run.Plan.Load.Model,
            _run.Plan.Description,
            _run.StartedAt,
            _run.Elapsed,
            verdict,
            reason,
            totals,
            components,
            criteria,
            GeneratorReport(),
            target,
            [.. _timeline])
        {
            Notes = [.. ObserverFailures],
            Resources = resources,
            Business = business,
            Events = [.. _events],
        };
    }

    /// <summary>
    /// Hands every sink the result and waits (a bounded time) for each to take it; a sink that failed
    /// on the way is added to the result's notes.
    /// </summary>
    public async Task<ScenarioResult> CompleteAsync(ScenarioResult result)
    {
        await Task.WhenAll(_sinks.Select(s => s.CompleteAsync(result))).ConfigureAwait(false);
        foreach (var sink in _sinks)
        {
            sink.Dispose();
        }

        var notes = ObserverFailures.ToList();
        return notes.SequenceEqual(result.Notes, StringComparer.Ordinal) ? result : result with { Notes = notes };
    }

    /// <summary>Events due by <paramref name="through"/>: load phases, what was posted to the run's journal.</summary>
    private void PostEventsThrough(TimeSpan through)
    {
        var due = new List<RunEvent>();
        while (_phases.TryPeek(out var phase) && phase.At <= through)
        {
            _phases.Dequeue();
            due.Add(new RunEvent(_run.Plan.Name, phase.At, RunEventKind.Stage, phase.Text));
        }

        if (_run.Options.Events is { } journal)
        {
            var sameClock = ReferenceEquals(journal.TimeProvider, _run.Time);
            foreach (var posted in journal.Take())
            {
                var at = sameClock ? _run.Time.GetElapsedTime(_run.StartTimestamp, posted.Timestamp) : _run.Elapsed;
                due.Add(new RunEvent(_run.Plan.Name, at < TimeSpan.Zero ? TimeSpan.Zero : at, posted.Kind, posted.Text)
                {
                    Component = posted.Component,
                    Data = posted.Data ?? new Dictionary<string, string>(StringComparer.Ordinal),
                });
            }
        }

        // Phases and posted events are taken together each second: sorted, the stream stays in time order.
        foreach (var runEvent in due.OrderBy(e => e.At))
        {
            Post(runEvent);
        }
    }

    /// <summary>A sink or the monitor switched off since the last second, as a note on the timeline.</summary>
    private void PostNewNotes(TimeSpan at)
    {
        foreach (var note in ObserverFailures.Where(_notesPosted.Add).ToList())
        {
            Post(new RunEvent(_run.Plan.Name, at, RunEventKind.Note, note));
        }
    }

    private void Post(RunEvent runEvent)
    {
        _events.Add(runEvent);
        foreach (var sink in _sinks)
        {
            sink.Post(runEvent);
        }
    }

    private void CloseThrough(long second)
    {
        for (var s = _closedThrough + 1; s <= second; s++)
        {
            _second.Reset(s);
            var snapshots = new IntervalSnapshot[_run.Recorders.Length];
            for (var i = 0; i < _run.Recorders.Length; i++)
            {
                var index = i;
                _run.Recorders[i].CloseThrough(s, bucket =>
                {
                    snapshots[index] = IntervalSnapshot.From(bucket, _run.Components[index].Name);
                    bucket.MergeInto(_totals[index]);
                    bucket.MergeInto(_second);
                });
            }

            _second.MergeInto(_scenarioTotal);
            var (lagP99, lagMax) = _run.TakeIntervalLag();
            var cpu = ReadGeneratorCpu();
            var at = TimeSpan.FromSeconds(s + 1);
            var frame = _monitor?.Read(_run.Elapsed, at);
            if (frame is not null)
            {
                _resources!.Add(frame);
            }

            _saturation.Add(lagP99, cpu, frame);

            ResourceSample? target = frame?.Target is { } process
                ? new ResourceSample(at, process.CpuPercent ?? 0, process.RssBytes ?? 0, process.Alive)
                : _run.Options.TargetSampler?.Invoke(at);
            if (target is { } sample)
            {
                _targetSamples.Add(sample);
            }

            if (target is { Alive: false } && !_targetExitPosted)
            {
                _targetExitPosted = true;
                Post(new RunEvent(_run.Plan.Name, at, RunEventKind.TargetExited, $"the target process exited (gone at {at.TotalSeconds:0} s)"));
            }

            PostEventsThrough(at);
            var report = new IntervalReport(_run.Plan.Name, s, snapshots, IntervalSnapshot.From(_second, null), _run.CurrentLoad, _run.InFlight.Count, new GeneratorSample(cpu, lagP99, lagMax), target)
            {
                Resources = frame,
            };
            _timeline.Add(_run.Options.TimelineHistograms
                ? new TimelinePoint(s, report.Load, report.InFlight, report.Total, report.Components, report.Generator, target)
                : new TimelinePoint(s, report.Load, report.InFlight, WithoutHistograms(report.Total), [.. report.Components.Select(WithoutHistograms)], report.Generator, target));
            foreach (var sink in _sinks)
            {
                sink.Post(report);
            }

            PostNewNotes(at);

            _closedThrough = s;
        }
    }

    private static IntervalSnapshot WithoutHistograms(IntervalSnapshot snapshot) => snapshot with { LatencyHistogram = "", ServiceHistogram = "" };

    /// <summary>The generator's CPU since the previous read; a second closed too soon after it repeats the last figure and is not counted.</summary>
    private double ReadGeneratorCpu()
    {
        var now = _run.Elapsed;
        if (!_cpuSpacing.IsDue(now))
        {
            return _lastCpu;
        }

        _cpuSpacing.Mark(now);
        _lastCpu = Math.Round(_cpuSampler(), 2);
        _cpuReads++;
        _cpuSum += _lastCpu;
        _cpuPeak = Math.Max(_cpuPeak, _lastCpu);
        return _lastCpu;
    }

    private void CheckAbort()
    {
        // Once the load has ended, only the drain is left: throughput falls as the last requests
        // finish, so checking then would fail runs whose final figures pass.
        if (!_run.Plan.AbortOnFail || _run.AbortReason is not null || _run.LoadEndedAt is not null || _run.Elapsed < _run.Plan.AbortDelay || _run.Plan.Criteria.Count == 0)
        {
            return;
        }

        var seconds = Math.Max(_closedThrough + 1, 1);
        var components = _run.Components.Select((c, i) => (c.Name, Measure(_totals[i], seconds, _run.Recorders[i]))).ToDictionary(p => p.Name, p => p.Item2);
        var failed = CriteriaEvaluator.Evaluate(_run.Plan.Criteria, Measure(_scenarioTotal, seconds, null), components, new ResourceFigures(TargetReport(), null, null))
            .FirstOrDefault(c => !c.Passed && c.Actual is not null);
        if (failed is not null)
        {
            _run.AbortReason = $"criterion {failed.Name} {failed.Expression} failed at {seconds}s (actual {failed.Actual} {failed.Unit}); stopped early by abort_on_fail";
            Post(new RunEvent(_run.Plan.Name, _run.Elapsed, RunEventKind.Stopped, _run.AbortReason));
            _run.StopLoad.Cancel();
        }
    }

    private static Measures Measure(IntervalAccumulator total, double seconds, ComponentRecorder? recorder)
    {
        var (connect, firstByte) = recorder?.TimingStats() ?? (LatencyStats.Empty, LatencyStats.Empty);
        return new Measures(
            total.Requests,
            total.Errors,
            Math.Round(total.Requests / seconds, 3),
            total.LatencyStats(),
            total.ServiceStats(),
            connect,
            firstByte,
            total.ErrorsByType(),
            total.StatusCodeCounts(),
            total.Late,
            total.Dropped,
            total.Interrupted,
            Math.Round(total.MaxStartLagMicros / 1000.0, 3));
    }

    private TargetReport? TargetReport()
    {
        if (_targetSamples.Count == 0)
        {
            return null;
        }

        var alive = _targetSamples.Where(s => s.Alive).ToList();
        var exited = _targetSamples.FirstOrDefault(s => !s.Alive);
        var note = exited.Elapsed > TimeSpan.Zero || (_targetSamples.Count > 0 && !_targetSamples[0].Alive)
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

    private GeneratorReport GeneratorReport()
    {
        var (lagP99, lagMax) = _run.TotalLag();
        var cpuMean = _cpuReads == 0 ? 0 : Math.Round(_cpuSum / _cpuReads, 2);
        return _saturation.Judge(lagP99, lagMax, cpuMean, _cpuPeak);
    }
}
