using Redline.Cli.Dashboard;
using Redline.Cli.Gate;
using Redline.Cli.Running;
using Redline.Cli.Suites;
using Redline.Cli.Terminal;
using Redline.Engine;
using Spectre.Console.Cli;

namespace Redline.Cli.Commands;

/// <summary><c>redline run SUITE</c>: load, validate, run, write, judge.</summary>
internal sealed class RunCommand : AsyncCommand<RunSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, RunSettings settings, CancellationToken cancellationToken)
    {
        var suite = LoadSuite(settings.Suite);
        var scenarios = Select(suite, settings.Scenarios);
        var suiteDirectory = Path.GetDirectoryName(Path.GetFullPath(settings.Suite));
        await using var dashboard = settings.Dashboard is { IsSet: true } asked ? await LiveDashboard.StartAsync(asked.Value, cancellationToken).ConfigureAwait(false) : null;
        await using var alerts = RunAlerts.For(suite);
        IIntervalSink[] sinks = [.. dashboard is null ? [] : new[] { dashboard.Sink }, .. alerts is null ? [] : new IIntervalSink[] { alerts.Evaluator }];
        var request = new RunRequest(settings.Out, settings.DurationOverride, settings.ScaleFactor, settings.Quiet, suiteDirectory, settings.Repeat, sinks);
        using var signals = new StopSignals();
        var outcome = await new RunSession(suite, scenarios, request).ExecuteAsync(signals).ConfigureAwait(false);
        var result = outcome.Result;
        if (alerts is not null)
        {
            result = await alerts.SettleAsync(result).ConfigureAwait(false);
            outcome = outcome with { Result = result, WriteError = outcome.WriteError ?? Rewrite(result, outcome.OutDir) };
        }

        dashboard?.Finish(result);
        Summary.Print(result, outcome.OutDir);
        TargetsTable.Print(suite, result);
        if (outcome.WriteError is not null)
        {
            Errors.Write(outcome.WriteError);
        }

        var blocks = await RegressionGate.ApplyAsync(result, outcome.OutDir, settings, suite.Judgement(), suiteDirectory, CancellationToken.None, comparison =>
        {
            alerts?.Compared(comparison);
            dashboard?.Compared(comparison);
        }, suite.Retention).ConfigureAwait(false);
        if (alerts is not null)
        {
            var settled = await alerts.SettleAsync(result).ConfigureAwait(false);
            if (settled.Alerts.Count != result.Alerts.Count || settled.Alerts.Sum(a => a.Deliveries.Count) != result.Alerts.Sum(a => a.Deliveries.Count))
            {
                // The regression's alert came after the reports: results.json is written again with it.
                Rewrite(settled, outcome.OutDir);
            }

            RunAlerts.Print(settled.Alerts);
        }

        return outcome.ExitCode == ExitCodes.Aborted ? ExitCodes.Aborted
            : blocks ? ExitCodes.BlockingRegression
            : outcome.ExitCode;
    }

    /// <summary>Writes results.json again with <paramref name="result"/>'s alerts; the reason when it cannot.</summary>
    private static string? Rewrite(RunResult result, string outDir)
    {
        try
        {
            ResultsJsonWriter.Write(result, Path.Combine(outDir, "results.json"));
            return null;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return $"could not write results.json with the run's alerts in {outDir}: {exception.Message}";
        }
    }

    /// <summary>Loads and validates <paramref name="path"/>, reporting every error at once (exit 2).</summary>
    public static Suite LoadSuite(string path)
    {
        var loaded = SuiteLoader.Load(path);
        if (loaded.Errors.Count == 0 && loaded.Suite is not null)
        {
            return loaded.Suite;
        }

        foreach (var error in loaded.Errors)
        {
            Console.Error.WriteLine(error);
        }

        var count = loaded.Errors.Count;
        throw new UserFacingException(ExitCodes.BadInput, $"{count} error{(count == 1 ? "" : "s")} in {path}; nothing was run.");
    }

    private static List<ScenarioSpec> Select(Suite suite, IReadOnlyList<string> names)
    {
        if (names.Count == 0)
        {
            return [.. suite.Scenarios];
        }

        var unknown = names.Where(n => suite.FindScenario(n) is null).ToList();
        if (unknown.Count > 0)
        {
            throw new UserFacingException(
                ExitCodes.BadInput,
                $"no scenario named {string.Join(", ", unknown.Select(n => $"'{n}'"))} in suite '{suite.Name}'; it has {string.Join(", ", suite.Scenarios.Select(s => s.Name))}.");
        }

        return [.. names.Distinct(StringComparer.Ordinal).Select(n => suite.FindScenario(n)!)];
    }
}
