using Redline.Cli.Kinds;
using Redline.Cli.Suites;
using Redline.Cli.Targets;
using Redline.Cli.Terminal;
using Redline.Engine;

namespace Redline.Cli.Running;

/// <summary>How a run is shaped and where it goes: the options of <c>redline run</c>, or what <c>redline demo</c> picks.</summary>
/// <param name="Out">The output folder; .redline/runs/&lt;run-id&gt;/ when null.</param>
/// <param name="Duration">Each scenario's length, when overridden.</param>
/// <param name="Scale">Multiplies users and rates.</param>
/// <param name="Quiet">No live view.</param>
/// <param name="SuiteDirectory">The suite file's folder, for git provenance.</param>
internal sealed record RunRequest(string? Out, TimeSpan? Duration, double Scale, bool Quiet, string? SuiteDirectory);

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
        await using var target = await StartTargetAsync(outDir, signals.Token).ConfigureAwait(false);
        using var kinds = new RunKinds(scenarios.SelectMany(s => s.Mix).Select(m => m.Component), new KindRunContext(suite.Target.BaseUrl, signals.Token));
        PreflightResult? failed;
        try
        {
            failed = await kinds.PreflightAsync(PreflightTimeout, signals.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (signals.Token.IsCancellationRequested)
        {
            throw new UserFacingException(ExitCodes.Aborted, "stopped by the user before any load was sent; nothing was run.");
        }

        if (failed is not null)
        {
            throw new UserFacingException(ExitCodes.PreflightFailed, $"preflight failed: {failed.Message}; no load was sent.");
        }

        List<ScenarioPlan> plans;
        try
        {
            plans = [.. scenarios.Select(s => s.ToPlan(c => kinds.CreateStep(c, new StepBuild(s.Name, s.Seed)), request.Duration, request.Scale))];
        }
        catch (ArgumentException exception)
        {
            throw new UserFacingException(ExitCodes.BadInput, exception.Message);
        }

        var watched = ResourceMonitors.WatchedPid(suite.Target, target?.Pid);
        var intervalsPath = Path.Combine(outDir, "intervals.ndjson");
        using var intervals = new IntervalFileSink(intervalsPath);
        using var eventFile = new EventFileSink(Path.Combine(outDir, "events.ndjson"));
        var events = new RunEventJournal(TimeProvider.System);
        foreach (var found in kinds.Checked)
        {
            events.Post(RunEventKind.Note, found);
        }

        if (target is not null)
        {
            events.Post(RunEventKind.TargetStarted, $"the target started (pid {target.Pid}) and answered {suite.Target.BaseUrl}");
        }

        using var monitor = ResourceMonitors.Create(watched, suite.Target.Monitor);
        using var portable = ResourceMonitors.PortableTargetSampler(watched);
        var progress = new ProgressBoard(plans);
        var options = new RunOptions
        {
            Sinks = [intervals, eventFile, progress, new HeapBudget()],
            Events = events,
            TimelineHistograms = false,
            KeepTimeline = false,
            Resources = monitor,
            TargetSampler = portable is null ? null : portable.Sample,
        };
        var environment = EnvironmentProbe.Capture(request.SuiteDirectory);
        var run = ScenarioRunner.RunAllAsync(suite.Name, plans, options, environment, runId, signals.Token);
        await ProgressView.ShowAsync(progress, run, request.Quiet).ConfigureAwait(false);
        var result = FromIntervalFile(await run.ConfigureAwait(false), intervalsPath);

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
    /// Each scenario's timeline as intervals.ndjson holds it, with every second's histograms, read
    /// when a report or the history store asks: the run kept only a few numbers per second in memory.
    /// Where the file could not be written the timeline is empty, and the scenario's note says why.
    /// </summary>
    private static RunResult FromIntervalFile(RunResult result, string path) =>
        result with
        {
            Scenarios = [.. result.Scenarios.Select(s => s.Notes.Any(n => n.StartsWith(nameof(IntervalFileSink), StringComparison.Ordinal)) ? s : s with { Timeline = IntervalFileReader.Timeline(path, s.Name) })],
        };

    private async Task<TargetProcess?> StartTargetAsync(string outDir, CancellationToken stop)
    {
        if (suite.Target.Start is not { } written)
        {
            return null;
        }

        var start = SelfCommand.Resolve(written);

        var log = Path.Combine(outDir, "target.log");
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
