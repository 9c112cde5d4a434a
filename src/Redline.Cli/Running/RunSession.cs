using System.Globalization;
using Redline.Cli.Chaos;
using Redline.Cli.Kinds;
using Redline.Cli.Suites;
using Redline.Cli.Targets;
using Redline.Cli.Terminal;
using Redline.Engine;
using Redline.Protocols.Proxy;

namespace Redline.Cli.Running;

/// <summary>How a run is shaped and where it goes: the options of <c>redline run</c>, or what <c>redline demo</c> picks.</summary>
/// <param name="Out">The output folder; .redline/runs/&lt;run-id&gt;/ when null.</param>
/// <param name="Duration">Each scenario's length, when overridden.</param>
/// <param name="Scale">Multiplies users and rates.</param>
/// <param name="Quiet">No live view.</param>
/// <param name="SuiteDirectory">The suite file's folder, for git provenance.</param>
/// <param name="Repeat">How many times each scenario runs, when <c>--repeat</c> overrides the suite's <c>repeat:</c>.</param>
/// <param name="Sinks">More sinks of the per-second stream, such as the live dashboard.</param>
internal sealed record RunRequest(string? Out, TimeSpan? Duration, double Scale, bool Quiet, string? SuiteDirectory, int? Repeat = null, IReadOnlyList<IIntervalSink>? Sinks = null);

/// <summary>Scenarios that run one after another on the same target process.</summary>
/// <param name="Scenarios">Each with which repeat it is and of how many.</param>
/// <param name="Restart">Start a fresh target before it.</param>
/// <param name="LogName">The target's log file, when it is started for this segment.</param>
/// <param name="Title">How messages name it; empty for a run without repeats.</param>
internal sealed record Segment(IReadOnlyList<(ScenarioSpec Spec, int Repeat, int Repeats)> Scenarios, bool Restart, string LogName, string Title);

/// <summary>What a finished run left: its result and where its files are.</summary>
internal sealed record RunOutcome(RunResult Result, string OutDir)
{
    /// <summary>Why results.json could not be written, when it could not.</summary>
    public string? WriteError { get; init; }

    /// <summary>The exit code its verdict stands for.</summary>
    public int ExitCode => Result.Verdict switch
    {
        Verdict.Aborted => ExitCodes.Aborted,
        Verdict.Failed => ExitCodes.CriterionFailed,
        _ => ExitCodes.Ok,
    };
}

/// <summary>One run of a suite: start the target, check it answers, run the scenarios, write the files.</summary>
internal sealed class RunSession(Suite suite, IReadOnlyList<ScenarioSpec> scenarios, RunRequest request)
{
    private static readonly TimeSpan PreflightTimeout = TimeSpan.FromSeconds(10);

    private readonly Dictionary<string, FaultProxy> _proxies = new(StringComparer.Ordinal);
    // The proxy into the target's network namespace, kept with the suite's own proxies but never a fault's on:.
    private const string InNamespace = " namespace";

    private readonly FaultLeases _leases = FaultLeases.Machine();
    private TargetCgroup? _cgroup;
    private NetworkNamespace? _namespace;

    /// <summary>Runs, writes results.json, and returns the result; <paramref name="signals"/> carries the user's stop.</summary>
    public async Task<RunOutcome> ExecuteAsync(StopSignals signals)
    {
        var startedAt = TimeProvider.System.GetUtcNow();
        var runId = ScenarioRunner.NewRunId(startedAt);
        var outDir = Path.GetFullPath(request.Out ?? Path.Combine(".redline", "runs", runId));
        try
        {
            Directory.CreateDirectory(outDir);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            throw new UserFacingException(ExitCodes.BadInput, $"cannot create the output folder {outDir}: {exception.Message}");
        }

        signals.BeforeHardExit = TargetProcess.KillAllNow;

        // Faults that runs killed before they could revert them go first.
        foreach (var line in _leases.Sweep())
        {
            Console.Error.WriteLine($"redline: {line}");
        }

        var intervalsPath = Path.Combine(outDir, "intervals.ndjson");
        using var intervals = new IntervalFileSink(intervalsPath);
        using var eventFile = new EventFileSink(Path.Combine(outDir, "events.ndjson"));
        var events = new RunEventJournal(TimeProvider.System);
        var identity = new RunIdentity(runId, suite.Name, startedAt, EnvironmentProbe.Capture(request.SuiteDirectory));
        var results = new List<ScenarioResult>();
        var ended = startedAt;
        TargetProcess? target = null;
        try
        {
            // The suite's own proxies stand in front of the target's dependencies before the target starts.
            foreach (var proxy in suite.Proxies.Values)
            {
                _proxies[proxy.Name] = ChaosProxies.Start(proxy);
            }

            // Real packet loss: the target runs in a network namespace of its own, reached through a proxy on base_url.
            if (scenarios.Any(s => s.Chaos.Any(f => f.Kind == FaultKind.PacketLoss)))
            {
                _namespace = NetworkNamespace.Create(_leases, runId);
                _proxies[InNamespace] = ChaosProxies.IntoNamespace(suite.Target.BaseUrl, _namespace);
            }

            foreach (var segment in Segments())
            {
                if (signals.Token.IsCancellationRequested)
                {
                    break;
                }

                if (suite.Target.Start is not null && (target is null || segment.Restart))
                {
                    if (target is not null)
                    {
                        Console.Error.WriteLine($"redline: {segment.Title}: restarting the target");
                        await StopTargetAsync(target).ConfigureAwait(false);
                        target = null;
                    }

                    target = await StartTargetAsync(outDir, segment.LogName, signals.Token).ConfigureAwait(false);
                    if (target is not null && scenarios.Any(s => s.Chaos.Any(f => f.Kind is FaultKind.CpuThrottling or FaultKind.MemoryPressure)))
                    {
                        try
                        {
                            _cgroup = TargetCgroup.Create(_leases, runId, target.Pid);
                        }
                        catch (UserFacingException)
                        {
                            await target.DisposeAsync().ConfigureAwait(false);
                            target = null;
                            throw;
                        }
                    }
                }

                else if (segment.Restart && suite.Target.Start is null)
                {
                    Console.Error.WriteLine($"redline: {segment.Title}: the suite does not start the target, so it runs on the same target process");
                }

                foreach (var (end, scenario) in await RunSegmentAsync(segment, target, identity, [intervals, eventFile, .. request.Sinks ?? []], events, signals.Token).ConfigureAwait(false))
                {
                    results.Add(scenario);
                    ended = end.EndedAt;
                }
            }
        }
        finally
        {
            if (target is not null)
            {
                await StopTargetAsync(target).ConfigureAwait(false);
            }

            foreach (var proxy in _proxies.Values)
            {
                await proxy.DisposeAsync().ConfigureAwait(false);
            }

            _namespace?.Dispose();
        }

        var result = FromIntervalFile(ScenarioRunner.Conclude(identity, results, ended, signals.Token.IsCancellationRequested), intervalsPath);

        try
        {
            ResultsJsonWriter.Write(result, Path.Combine(outDir, "results.json"));
            return new RunOutcome(result, outDir);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            // The measurement is done: the summary and the exit code still tell the verdict.
            return new RunOutcome(result, outDir) { WriteError = $"could not write results.json in {outDir}: {exception.Message}" };
        }
    }

    /// <summary>
    /// The run in parts that share a target: all scenarios at once when none repeats; otherwise each scenario on its
    /// own, and each repeat on a freshly started target (when Redline starts it), so that no repeat inherits a warm
    /// or worn process from the one before.
    /// </summary>
    private List<Segment> Segments()
    {
        var counts = scenarios.Select(s => request.Repeat ?? s.Repeat).ToList();

        // A scenario with faults on the target's traffic sends it through a proxy of its own, so it runs on its own too.
        if (counts.All(c => c == 1) && !scenarios.Any(ThroughTargetProxy))
        {
            return [new Segment([.. scenarios.Select(s => (s, 1, 1))], false, "target.log", "")];
        }

        var segments = new List<Segment>();
        for (var i = 0; i < scenarios.Count; i++)
        {
            var count = counts[i];
            for (var repeat = 1; repeat <= count; repeat++)
            {
                // A repeated scenario's first repeat gets a fresh target too, when another scenario ran on the old one.
                var restart = count > 1 && (repeat > 1 || segments.Count > 0);
                var log = segments.Count == 0 ? "target.log" : $"target.{segments.Count + 1}.log";
                var title = count > 1 ? $"'{scenarios[i].Name}' repeat {repeat} of {count}" : $"'{scenarios[i].Name}'";
                segments.Add(new Segment([(scenarios[i], repeat, count)], restart, log, title));
            }
        }

        return segments;
    }

    // From this rate on (arrivals a second), the engine is warmed before the run: below it, the
    // tens of milliseconds its first compilation takes delay too few arrivals to matter.
    private const double WarmUpAbove = 500;

    private static bool ThroughTargetProxy(ScenarioSpec scenario) => scenario.Chaos.Any(f => f.On == FaultSpec.Target);

    /// <summary>Checks the target answers, then runs the segment's scenarios one after another, with a resource monitor on the target of this segment.</summary>
    private async Task<List<(ScenarioEnd End, ScenarioResult Result)>> RunSegmentAsync(Segment segment, TargetProcess? target, RunIdentity identity, IReadOnlyList<IIntervalSink> files, RunEventJournal events, CancellationToken stop)
    {
        await using var targetProxy = segment.Scenarios.Any(s => ThroughTargetProxy(s.Spec)) ? ChaosProxies.InFrontOf(suite.Target.BaseUrl) : null;
        var baseUrl = targetProxy is null ? suite.Target.BaseUrl : ChaosProxies.Through(suite.Target.BaseUrl!, targetProxy);
        var sources = CheckConnectionBudget(segment, baseUrl);
        var context = new KindRunContext(baseUrl, stop) { HttpTransport = suite.Target.Transport, LocalAddresses = sources };
        using var kinds = new RunKinds(segment.Scenarios.SelectMany(s => s.Spec.Mix).Select(m => m.Component), context);
        PreflightResult? failed;
        try
        {
            failed = await kinds.PreflightAsync(PreflightTimeout, stop).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            throw new UserFacingException(ExitCodes.Aborted, "stopped by the user before any load was sent; nothing was run.");
        }

        if (failed is not null)
        {
            throw new UserFacingException(ExitCodes.PreflightFailed, $"preflight failed{(segment.Title.Length > 0 ? $" before {segment.Title}" : "")}: {failed.Message}; no load was sent.");
        }

        List<ScenarioPlan> plans;
        try
        {
            plans = [.. segment.Scenarios.Select(s => s.Spec.ToPlan(c => kinds.CreateStep(c, new StepBuild(s.Spec.Name, s.Spec.Seed)), request.Duration, request.Scale) with { Repeat = s.Repeat, Repeats = s.Repeats })];
        }
        catch (ArgumentException exception)
        {
            throw new UserFacingException(ExitCodes.BadInput, exception.Message);
        }

        // Opening the kinds for the plans' steps chose the HTTP client; the results name it.
        if (context.Discovered.TryGetValue(Kinds.Http.HttpKind.TransportKey, out var transport))
        {
            plans = [.. plans.Select(p => p with { Transport = transport })];
        }

        foreach (var found in kinds.Checked)
        {
            events.Post(RunEventKind.Note, found);
        }

        if (target is not null)
        {
            events.Post(RunEventKind.TargetStarted, $"the target started (pid {target.Pid}) and answered {suite.Target.BaseUrl}");
        }

        var watched = ResourceMonitors.WatchedPid(suite.Target, target?.Pid);
        using var monitor = ResourceMonitors.Create(watched, suite.Target.Monitor);
        using var portable = ResourceMonitors.PortableTargetSampler(watched);
        var progress = new ProgressBoard(plans);
        var proxies = new Dictionary<string, FaultProxy>(_proxies, StringComparer.Ordinal);
        if (targetProxy is not null)
        {
            proxies[FaultSpec.Target] = targetProxy;
        }

        await ChaosPreflight.CheckAsync(segment.Scenarios.SelectMany(s => s.Spec.Chaos), suite.Target.BaseUrl, stop).ConfigureAwait(false);
        await using var chaos = new ChaosSchedule(
            segment.Scenarios.Zip(plans).ToDictionary(p => p.Second.Name, p => new ScenarioFaults(ChaosProxies.Fit(p.First.Spec.Chaos, p.First.Spec.Load.Duration, p.Second.Load.Duration), p.First.Spec.Seed), StringComparer.Ordinal),
            new FaultContext { Run = identity.RunId, BaseUrl = suite.Target.BaseUrl, Proxies = proxies, Cgroup = _cgroup, Namespace = _namespace, Leases = _leases },
            events);
        var options = new RunOptions
        {
            Sinks = [.. files, progress, new HeapBudget(), chaos],
            Events = events,
            TimelineHistograms = false,
            KeepTimeline = false,
            Resources = monitor,
            TargetSampler = portable is null ? null : portable.Sample,
        };
        if (plans.Any(p => p.Load is OpenLoad { Rate.PeakRate: >= WarmUpAbove }))
        {
            var warming = System.Diagnostics.Stopwatch.StartNew();
            await ScenarioRunner.WarmUpAsync(stop).ConfigureAwait(false);
            events.Post(RunEventKind.Note, string.Create(CultureInfo.InvariantCulture,
                $"the engine ran {warming.Elapsed.TotalSeconds:0.0} s with a step that does nothing, and no load, before the clock started, so that its code was compiled (open-model scenarios from {WarmUpAbove:0}/s)"));
        }

        var run = RunPlansAsync(plans, options, identity, stop);
        await ProgressView.ShowAsync(progress, run, request.Quiet).ConfigureAwait(false);
        return await run.ConfigureAwait(false);
    }

    /// <summary>
    /// Refuses a segment whose peak of connections the machine cannot open (exit 5, naming the
    /// limit), unless <see cref="ConnectionBudget.IgnoreVariable"/> says to go on; returns the
    /// loopback addresses to spread connections over when one address's ports are too few.
    /// </summary>
    private IReadOnlyList<System.Net.IPAddress> CheckConnectionBudget(Segment segment, Uri? baseUrl)
    {
        List<ConnectionBudget.Need> needs;
        try
        {
            needs = [.. segment.Scenarios.Select(s => ConnectionBudget.Of(s.Spec.Name, ScenarioSpec.ShapeLoad(s.Spec.Load, request.Duration, request.Scale)))];
        }
        catch (ArgumentException)
        {
            return []; // the plan reports the bad option itself
        }

        var (sources, refusal) = ConnectionBudget.Check(needs, baseUrl, ConnectionBudget.Read());
        if (refusal is not null && Environment.GetEnvironmentVariable(ConnectionBudget.IgnoreVariable) != "1")
        {
            throw new UserFacingException(ExitCodes.PreflightFailed, $"{refusal} ({ConnectionBudget.IgnoreVariable}=1 runs it anyway, and what the generator then cannot open fails the run).");
        }

        return sources;
    }

    private static async Task<List<(ScenarioEnd End, ScenarioResult Result)>> RunPlansAsync(List<ScenarioPlan> plans, RunOptions options, RunIdentity identity, CancellationToken stop)
    {
        var results = new List<(ScenarioEnd, ScenarioResult)>();
        foreach (var plan in plans)
        {
            if (stop.IsCancellationRequested)
            {
                break;
            }

            results.Add(await ScenarioRunner.RunAsync(plan, identity, options, stop).ConfigureAwait(false));
        }

        return results;
    }

    /// <summary>
    /// Each scenario's timeline as intervals.ndjson holds it, with every second's histograms, read
    /// when a report or the history store asks: the run kept only a few numbers per second in memory.
    /// Where the file could not be written the timeline is empty, and the scenario's note says why.
    /// </summary>
    /// <remarks>A scenario that ran several times is folded into one here, its repeats' seconds back to back (<see cref="RepeatMerge"/>).</remarks>
    private static RunResult FromIntervalFile(RunResult result, string path)
    {
        var merged = RepeatMerge.Merge(result, path);
        return merged with
        {
            Scenarios = [.. merged.Scenarios.Select(s => s.Repeats.Count > 0 || s.Notes.Any(n => n.StartsWith(nameof(IntervalFileSink), StringComparison.Ordinal)) ? s : s with { Timeline = IntervalFileReader.Timeline(path, s.Name) })],
        };
    }

    /// <summary>Stops the target, then removes the control group it ran in.</summary>
    private async Task StopTargetAsync(TargetProcess target)
    {
        await target.DisposeAsync().ConfigureAwait(false);
        _cgroup?.Dispose();
        _cgroup = null;
    }

    private async Task<TargetProcess?> StartTargetAsync(string outDir, string logName, CancellationToken stop)
    {
        if (suite.Target.Start is not { } written)
        {
            return null;
        }

        var start = SelfCommand.Resolve(written);
        if (_namespace is not null)
        {
            start = _namespace.Wrap(start);
        }

        var log = Path.Combine(outDir, logName);
        Console.Error.WriteLine($"redline: starting the target: {start.Command} {string.Join(' ', start.Args)} (log: {log})");
        try
        {
            // The suite reader requires base_url whenever the target is started: readiness is probed there.
            return await TargetProcess.StartAsync(start, suite.Target.BaseUrl!, log, stop).ConfigureAwait(false);
        }
        catch (TargetStartException exception)
        {
            throw new UserFacingException(ExitCodes.PreflightFailed, $"the target did not start: {exception.Message}");
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            throw new UserFacingException(ExitCodes.Aborted, "stopped by the user while the target was starting; nothing was run.");
        }
    }
}
