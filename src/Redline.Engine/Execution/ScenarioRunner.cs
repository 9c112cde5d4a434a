using System.Globalization;

namespace Redline.Engine;

/// <summary>Runs scenarios: the entry point for the CLI and for C# programs and tests.</summary>
public static class ScenarioRunner
{
    /// <summary>
    /// Runs <paramref name="plan"/> to its end. Cancelling <paramref name="stop"/> stops it gracefully:
    /// no new iterations, in-flight ones get the graceful stop, and the result's verdict is Aborted.
    /// </summary>
    public static async Task<ScenarioResult> RunAsync(ScenarioPlan plan, RunOptions? options = null, CancellationToken stop = default) =>
        (await RunAsync(plan, options, stop, null).ConfigureAwait(false)).Result;

    /// <summary>
    /// Runs <paramref name="plan"/> as one scenario of the run <paramref name="identity"/> names, for a caller that runs a
    /// run's scenarios itself (restarting the target between repeats, say) and then concludes it with <see cref="Conclude"/>.
    /// </summary>
    /// <returns>How the scenario ended (its <see cref="ScenarioEnd.EndedAt"/> is the run's end when it is the last) and its result.</returns>
    public static Task<(ScenarioEnd End, ScenarioResult Result)> RunAsync(ScenarioPlan plan, RunIdentity identity, RunOptions? options = null, CancellationToken stop = default)
    {
        ArgumentNullException.ThrowIfNull(identity);
        return RunAsync(plan, options, stop, identity);
    }

    /// <summary>
    /// Runs the engine's own path for a third of a second, at 5,000 arrivals a second, with a step
    /// that does nothing and no sink, so that its code is compiled before a run's clock starts.
    /// While it was compiled during a run, the arrivals of the run's first second started up to
    /// 60 ms late; a caller whose scenarios are that fast calls this first. Then collects the garbage
    /// of the process's start.
    /// </summary>
    public static async Task WarmUpAsync(CancellationToken stop = default)
    {
        var plan = new ScenarioPlan
        {
            Name = "warm-up",
            Components = [new ComponentPlan("warm-up", static async (_, _) =>
            {
                await default(PoolYield);
                return Outcome.Ok(200);
            })],
            Load = new OpenLoad(RateSchedule.Constant(WarmUpRate, TimeSpan.FromSeconds(0.3)), ArrivalPattern.Uniform, OpenLoad.DefaultMaxConcurrency, SaturationPolicy.Wait),
            GracefulStop = TimeSpan.FromSeconds(1),
        };
        _ = await RunAsync(plan, new RunOptions { CloseDelay = TimeSpan.Zero }, stop).ConfigureAwait(false);

        // The start-up's garbage goes now, in one collection before the clock, rather than in the
        // run's first collections, which then paused the process for 10 to 16 ms.
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
    }

    // The arrival rate of WarmUpAsync, per second.
    private const double WarmUpRate = 5000;

    /// <summary>
    /// Runs <paramref name="plan"/>'s load squeezed into its <see cref="ScenarioPlan.WarmUp"/>, with its steps
    /// but no criteria, stop condition or sinks, and throws its figures away; returns the note that says so.
    /// </summary>
    private static async Task<string> RunWarmUpAsync(ScenarioPlan plan, RunOptions options, CancellationToken stop)
    {
        var warming = plan with
        {
            Load = plan.Load.WithDuration(plan.WarmUp),
            WarmUp = TimeSpan.Zero,
            Criteria = [],
            AbortOnFail = false,
            Stress = null,
        };
        var result = await RunAsync(warming, new RunOptions { TimeProvider = options.TimeProvider, CloseDelay = TimeSpan.Zero, KeepTimeline = false, TimelineHistograms = false }, stop).ConfigureAwait(false);

        // Its garbage goes now, rather than in the measured seconds' collections.
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        var totals = result.Totals;
        return stop.IsCancellationRequested
            ? string.Create(CultureInfo.InvariantCulture, $"stopped by the user during the warm-up, after {totals.Requests} requests ({totals.Errors} errors); nothing was measured")
            : string.Create(CultureInfo.InvariantCulture,
                $"warmed up for {plan.WarmUp.TotalSeconds:0.###}s before the clock started, on the scenario's load squeezed into that time: {totals.Requests} requests, {totals.Errors} errors, none counted here");
    }

    private static async Task<(ScenarioEnd End, ScenarioResult Result)> RunAsync(ScenarioPlan plan, RunOptions? options, CancellationToken stop, RunIdentity? identity)
    {
        ArgumentNullException.ThrowIfNull(plan);
        if (plan.Components.Count == 0)
        {
            throw new ArgumentException("A scenario needs at least one component.", nameof(plan));
        }

        EnsureThreads();
        options ??= new RunOptions();
        IReadOnlyList<string> notes = plan.WarmUp > TimeSpan.Zero && !stop.IsCancellationRequested
            ? [await RunWarmUpAsync(plan, options, stop).ConfigureAwait(false)]
            : [];

        // Time zero is taken here, after the warm-up; without one, synchronously, so that a caller driving a fake clock knows it.
        var run = new ScenarioExecution(plan, options, stop);
        var book = new IntervalBook(run, identity, notes);
        run.Start();
        book.Begin();

        // Leave the caller's synchronization context (a UI's, or a test framework's that runs
        // continuations on a few threads): steps' continuations must run on the thread pool.
        return await Task.Run(() => DriveAsync(run, book), CancellationToken.None).ConfigureAwait(false);
    }

    private static async Task<(ScenarioEnd End, ScenarioResult Result)> DriveAsync(ScenarioExecution run, IntervalBook book)
    {
        using var owned = run;
        using var loadDone = new CancellationTokenSource();
        var intervals = book.RunAsync(loadDone.Token);
        await (run.Plan.Load switch
        {
            OpenLoad open => OpenDriver.RunAsync(run, open),
            ClosedLoad closed => ClosedDriver.RunAsync(run, closed),
            _ => throw new ArgumentException($"Unknown load model {run.Plan.Load.GetType().Name}."),
        }).ConfigureAwait(false);

        await loadDone.CancelAsync().ConfigureAwait(false);
        await intervals.ConfigureAwait(false);
        await run.Users.DisposeAllAsync().ConfigureAwait(false);
        book.CloseAll();
        var (end, result) = book.BuildResult();
        return (end, await book.CompleteAsync(end, result).ConfigureAwait(false));
    }

    /// <summary>
    /// Runs <paramref name="plans"/> one after another as one run. After a graceful stop the
    /// remaining scenarios are skipped. The run's verdict is the worst of its scenarios'.
    /// </summary>
    public static async Task<RunResult> RunAllAsync(string suite, IReadOnlyList<ScenarioPlan> plans, RunOptions? options = null, EnvironmentInfo? environment = null, string? runId = null, CancellationToken stop = default)
    {
        ArgumentNullException.ThrowIfNull(plans);
        options ??= new RunOptions();
        var started = options.TimeProvider.GetUtcNow();
        var identity = new RunIdentity(runId ?? NewRunId(started), suite, started, environment ?? EnvironmentProbe.Capture());
        var results = new List<ScenarioResult>(plans.Count);
        var ended = started;
        foreach (var plan in plans)
        {
            if (stop.IsCancellationRequested)
            {
                break;
            }

            var (end, result) = await RunAsync(plan, options, stop, identity).ConfigureAwait(false);
            results.Add(result);
            ended = end.EndedAt;
        }

        return Conclude(identity, results, ended, stop.IsCancellationRequested);
    }

    /// <summary>A run from its scenarios' results: its verdict is the worst of theirs, or aborted when the user stopped it.</summary>
    public static RunResult Conclude(RunIdentity identity, IReadOnlyList<ScenarioResult> results, DateTimeOffset endedAt, bool stopped)
    {
        ArgumentNullException.ThrowIfNull(identity);
        ArgumentNullException.ThrowIfNull(results);
        var verdict = stopped || results.Any(r => r.Verdict == Verdict.Aborted) ? Verdict.Aborted
            : results.Any(r => r.Verdict != Verdict.Passed) ? Verdict.Failed
            : Verdict.Passed;
        return new RunResult(identity.RunId, identity.Suite, identity.StartedAt, endedAt, verdict, results, identity.Environment);
    }

    /// <summary>
    /// Raises the thread pool's floor. On a 2-core machine the pool starts with 2 workers; when a host
    /// (a test runner, a UI) blocks them, continuations wait for the pool's slow thread injection
    /// (about one thread per half second) and that wait would show as schedule lag and latency.
    /// </summary>
    private static void EnsureThreads()
    {
        var wanted = Math.Max(16, Environment.ProcessorCount * 4);
        ThreadPool.GetMinThreads(out var workers, out var io);
        if (workers < wanted)
        {
            ThreadPool.SetMinThreads(wanted, Math.Max(io, wanted));
        }
    }

    /// <summary>A sortable, unique run id such as 20261127-163512-4f2a.</summary>
    public static string NewRunId(DateTimeOffset at) =>
        $"{at.UtcDateTime:yyyyMMdd-HHmmss}-{Random.Shared.Next(0x10000):x4}";
}
