namespace Redline.Engine;

/// <summary>
/// Closes each second of a scenario shortly after it ends: turns what the recorders hold into the
/// second's report (with the generator's and the target's readings), folds it into the result,
/// hands it to the sinks, and checks abort-on-fail criteria. The result is built only from these
/// reports and the events beside them, so it is what the stream says.
/// </summary>
internal sealed class IntervalBook
{
    private readonly ScenarioExecution _run;
    private readonly SinkPump[] _sinks;
    private readonly ScenarioStart _start;
    private readonly ScenarioResultBuilder _builder;
    private readonly Queue<(TimeSpan At, string Text)> _phases;
    private readonly HashSet<string> _notesPosted = new(StringComparer.Ordinal);
    private readonly IntervalAccumulator _second = new();
    private readonly Func<double> _cpuSampler;
    private readonly MonitorReader? _monitor;
    private readonly BreakWatch? _break;
    private readonly IReadOnlyList<string> _notes;
    private bool _targetExitPosted;
    private long _closedThrough = -1;
    private ReadSpacing _cpuSpacing;
    private double _lastCpu;

    public IntervalBook(ScenarioExecution run, RunIdentity? identity = null, IReadOnlyList<string>? notes = null)
    {
        _run = run;
        _notes = notes ?? [];
        _sinks = [.. run.Options.Sinks.Select(s => new SinkPump(s))];
        _phases = new Queue<(TimeSpan, string)>(LoadPhases.Of(run.Plan.Load));
        _cpuSampler = run.Options.GeneratorCpuSampler ?? new GeneratorCpuMonitor().SampleCpuPercent;
        if (run.Options.Resources is { } monitor)
        {
            // One monitor serves every scenario of a run: this read starts the rates afresh.
            _monitor = new MonitorReader(monitor);
            _monitor.Restart();
        }

        _start = new ScenarioStart(run.Plan.Name, run.Plan.Load.Model, default, run.Plan.Load.Duration, [.. run.Components.Select(c => c.Name)])
        {
            Description = run.Plan.Description,
            Criteria = run.Plan.Criteria,
            Generator = run.Plan.Generator,
            Run = identity,
            Monitored = run.Options.Resources is not null,
            Repeat = run.Plan.Repeat,
            Repeats = run.Plan.Repeats,
            Stages = StageSpan.Of(run.Plan.Load),
            StopCondition = run.Plan.Stress?.Condition,
            ThinkTime = run.Plan.Load is ClosedLoad closed ? closed.ThinkTime : TimeSpan.Zero,
            MaxConcurrency = run.Plan.Load is OpenLoad open ? open.MaxConcurrency : 0,
            Transport = run.Plan.Transport,
        };
        _break = run.Plan.Stress is { } stress ? new BreakWatch(run, stress, Post) : null;
        _builder = new ScenarioResultBuilder(_start, run.Options.Resources, run.Options.TimelineHistograms, run.Options.KeepTimeline);
    }

    /// <summary>The notes given at the start (the warm-up's), then failures of sinks and of the resource monitor, each switched off when it failed.</summary>
    public IEnumerable<string> Notes => _notes.Concat(_sinks.Where(s => s.Failure is not null).Select(s => $"{s.Name} failed and was switched off: {s.Failure}")
        .Concat(_monitor?.Failure is { } failure ? [$"the resource monitor failed and was switched off: {failure.Message}"] : []));

    /// <summary>Tells the sinks the scenario starts, with what happened before its second zero.</summary>
    public void Begin()
    {
        var start = _start with { StartedAt = _run.StartedAt };
        _builder.Begin(start);
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

    /// <summary>The scenario's end and its result, from the seconds and events folded so far.</summary>
    public (ScenarioEnd End, ScenarioResult Result) BuildResult()
    {
        var stopped = _run.UserStop.IsCancellationRequested;
        if (stopped)
        {
            var seconds = Math.Max((_run.LoadEndedAt ?? _run.Elapsed).TotalSeconds, 0.001);
            Post(new RunEvent(_run.Plan.Name, _run.LoadEndedAt ?? _run.Elapsed, RunEventKind.Stopped, $"stopped by the user after {_run.LoadEndedAt?.TotalSeconds ?? seconds:0.0}s"));
        }

        PostEventsThrough(_run.Elapsed);
        var monitor = _run.Options.Resources;
        var end = new ScenarioEnd(_run.Elapsed, _run.LoadEndedAt, stopped, _run.AbortReason, [.. Notes])
        {
            EndedAt = _run.Time.GetUtcNow(),
            Monitor = monitor is null ? null : new MonitorInfo(monitor.Supported, monitor.TargetPid, monitor.RuntimePid),
            Unavailable = monitor is null ? new Dictionary<string, string>(StringComparer.Ordinal) : new SortedDictionary<string, string>(monitor.Unavailable.ToDictionary(), StringComparer.Ordinal),
        };
        return (end, _builder.Build(end));
    }

    /// <summary>
    /// Hands every sink the end and the result and waits (a bounded time) for each to take them; a
    /// sink that failed on the way is added to the result's notes.
    /// </summary>
    public async Task<ScenarioResult> CompleteAsync(ScenarioEnd end, ScenarioResult result)
    {
        await Task.WhenAll(_sinks.Select(s => s.CompleteAsync(end, result))).ConfigureAwait(false);
        foreach (var sink in _sinks)
        {
            sink.Dispose();
        }

        var notes = Notes.ToList();
        return notes.SequenceEqual(result.Notes, StringComparer.Ordinal) ? result : result with { Notes = notes };
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
                var samples = _run.Recorders[i].TakeErrorSamples();
                _run.Recorders[i].CloseThrough(s, bucket =>
                {
                    snapshots[index] = IntervalSnapshot.From(bucket, _run.Components[index].Name, samples);
                    samples = [];
                    bucket.MergeInto(_second);
                });
                if (_run.StepRecorders[i].Length > 0)
                {
                    snapshots[i] = snapshots[i] with { Steps = CloseSteps(_run.StepRecorders[i], s) };
                }
            }

            var lag = _run.TakeIntervalLag();
            var (cpu, measured) = ReadGeneratorCpu();
            var at = TimeSpan.FromSeconds(s + 1);
            var frame = _monitor?.Read(_run.Elapsed, at);
            ResourceSample? target = frame?.Target is { } process
                ? new ResourceSample(at, process.CpuPercent ?? 0, process.RssBytes ?? 0, process.Alive)
                : _run.Options.TargetSampler?.Invoke(at);
            if (target is { Alive: false } && !_targetExitPosted)
            {
                _targetExitPosted = true;
                Post(new RunEvent(_run.Plan.Name, at, RunEventKind.TargetExited, $"the target process exited (gone at {at.TotalSeconds:0} s)"));
            }

            PostEventsThrough(at);
            var report = new IntervalReport(_run.Plan.Name, s, snapshots, IntervalSnapshot.From(_second, null), _run.CurrentLoad, _run.InFlight.Count, new GeneratorSample(cpu, lag.P99, lag.Max) { CpuMeasured = measured }, target)
            {
                Resources = frame,
                ScheduleLagHistogram = lag.Histogram,
                InFlightMean = Math.Round(_run.InFlight.TakeMean(), 3),
            };
            _builder.Add(report);
            foreach (var sink in _sinks)
            {
                sink.Post(report);
            }

            PostNewNotes(at);
            _closedThrough = s;
            _break?.Observe(report);
        }
    }

    /// <summary>Closes second <paramref name="second"/> of each step of a multi-step component, in order.</summary>
    private static IntervalSnapshot[] CloseSteps(ComponentRecorder[] steps, long second)
    {
        var snapshots = new IntervalSnapshot[steps.Length];
        for (var i = 0; i < steps.Length; i++)
        {
            var index = i;
            var samples = steps[i].TakeErrorSamples();
            steps[i].CloseThrough(second, bucket => snapshots[index] = IntervalSnapshot.From(bucket, steps[index].Name, samples));
        }

        return snapshots;
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

    /// <summary>The notes given at the start, and a sink or the monitor switched off since the last second, as notes on the timeline.</summary>
    private void PostNewNotes(TimeSpan at)
    {
        foreach (var note in Notes.Where(_notesPosted.Add).ToList())
        {
            Post(new RunEvent(_run.Plan.Name, at, RunEventKind.Note, note));
        }
    }

    private void Post(RunEvent runEvent)
    {
        _builder.Add(runEvent);
        foreach (var sink in _sinks)
        {
            sink.Post(runEvent);
        }
    }

    /// <summary>The generator's CPU since the previous read; a second closed too soon after it repeats the last figure, marked as not measured.</summary>
    private (double Cpu, bool Measured) ReadGeneratorCpu()
    {
        var now = _run.Elapsed;
        if (!_cpuSpacing.IsDue(now))
        {
            return (_lastCpu, false);
        }

        _cpuSpacing.Mark(now);
        _lastCpu = Math.Round(_cpuSampler(), 2);
        return (_lastCpu, true);
    }

    private void CheckAbort()
    {
        // Once the load has ended, only the drain is left: throughput falls as the last requests
        // finish, so checking then would fail runs whose final figures pass.
        if (!_run.Plan.AbortOnFail || _run.AbortReason is not null || _run.LoadEndedAt is not null || _run.Elapsed < _run.Plan.AbortDelay || _run.Plan.Criteria.Count == 0)
        {
            return;
        }

        var failed = _builder.CriteriaSoFar().FirstOrDefault(c => !c.Passed && c.Actual is not null);
        if (failed is not null)
        {
            var seconds = Math.Max(_closedThrough + 1, 1);
            _run.AbortReason = $"criterion {failed.Name} {failed.Expression} failed at {seconds}s (actual {failed.Actual} {failed.Unit}); stopped early by abort_on_fail";
            Post(new RunEvent(_run.Plan.Name, _run.Elapsed, RunEventKind.Stopped, _run.AbortReason));
            _run.StopLoad.Cancel();
        }
    }
}
