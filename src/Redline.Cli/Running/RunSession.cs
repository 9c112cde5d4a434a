using System.Diagnostics;
using Redline.Cli.Commands;
using Redline.Cli.Suites;
using Redline.Cli.Targets;
using Redline.Cli.Terminal;
using Redline.Engine;
using Redline.Protocols.Http;

namespace Redline.Cli.Running;

/// <summary>One <c>redline run</c>: start the target, check it answers, run the scenarios, write the files, judge.</summary>
internal sealed class RunSession(Suite suite, IReadOnlyList<ScenarioSpec> scenarios, RunSettings settings)
{
    private static readonly TimeSpan PreflightTimeout = TimeSpan.FromSeconds(10);

    public async Task<int> RunAsync()
    {
        var startedAt = TimeProvider.System.GetUtcNow();
        var runId = ScenarioRunner.NewRunId(startedAt);
        var outDir = Path.GetFullPath(settings.Out ?? Path.Combine(".redline", "runs", runId));
        Directory.CreateDirectory(outDir);
        using var signals = new StopSignals();

        await using var target = await StartTargetAsync(outDir, signals.Token).ConfigureAwait(false);
        if (target is not null)
        {
            var pid = target.Pid;
            signals.BeforeHardExit = () => KillQuietly(pid);
        }

        var preflight = await Preflight.CheckAsync(suite.Target.BaseUrl, PreflightTimeout, signals.Token).ConfigureAwait(false);
        if (!preflight.Ok)
        {
            throw new UserFacingException(ExitCodes.PreflightFailed, $"preflight failed: {preflight.Message}; no load was sent.");
        }

        using var http = new HttpTarget(suite.Target.BaseUrl);
        var plans = scenarios.Select(s => s.ToPlan(c => http.CreateStep(c.Request), settings.DurationOverride, settings.ScaleFactor)).ToList();
        using var intervals = new IntervalFileSink(Path.Combine(outDir, "intervals.ndjson"));
        using var sampler = target is null ? null : new ProcessSampler(target.Pid);
        var progress = new ProgressBoard(plans);
        var options = new RunOptions
        {
            Sinks = [intervals, progress],
            TargetSampler = sampler is null ? null : sampler.Sample,
        };
        var environment = EnvironmentProbe.Capture(Path.GetDirectoryName(Path.GetFullPath(settings.Suite)));
        var run = ScenarioRunner.RunAllAsync(suite.Name, plans, options, environment, runId, signals.Token);
        await ProgressView.ShowAsync(progress, run, settings.Quiet).ConfigureAwait(false);
        var result = await run.ConfigureAwait(false);

        var resultsPath = Path.Combine(outDir, "results.json");
        ResultsJsonWriter.Write(result, resultsPath);
        Summary.Print(result, outDir);
        return result.Verdict switch
        {
            Verdict.Aborted => ExitCodes.Aborted,
            Verdict.Failed => ExitCodes.CriterionFailed,
            _ => ExitCodes.Ok,
        };
    }

    private async Task<TargetProcess?> StartTargetAsync(string outDir, CancellationToken stop)
    {
        if (suite.Target.Start is not { } start)
        {
            return null;
        }

        var log = Path.Combine(outDir, "target.log");
        Console.Error.WriteLine($"redline: starting the target: {start.Command} {string.Join(' ', start.Args)} (log: {log})");
        try
        {
            return await TargetProcess.StartAsync(start, suite.Target.BaseUrl, log, stop).ConfigureAwait(false);
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

    private static void KillQuietly(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            process.Kill(entireProcessTree: true);
        }
        catch (Exception exception) when (exception is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            // Already gone.
        }
    }
}
