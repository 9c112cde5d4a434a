using Redline.Cli.Dashboard;
using Redline.Cli.Gate;
using Redline.Cli.Running;
using Redline.Cli.Suites;
using Redline.Cli.Terminal;
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
        var request = new RunRequest(settings.Out, settings.DurationOverride, settings.ScaleFactor, settings.Quiet, suiteDirectory, settings.Repeat, dashboard is null ? null : [dashboard.Sink]);
        using var signals = new StopSignals();
        var outcome = await new RunSession(suite, scenarios, request).ExecuteAsync(signals).ConfigureAwait(false);
        dashboard?.Finish(outcome.Result);
        Summary.Print(outcome.Result, outcome.OutDir);
        TargetsTable.Print(suite, outcome.Result);
        if (outcome.WriteError is not null)
        {
            Errors.Write(outcome.WriteError);
        }

        var blocks = await RegressionGate.ApplyAsync(outcome.Result, outcome.OutDir, settings, suite, suiteDirectory, CancellationToken.None).ConfigureAwait(false);
        return outcome.ExitCode == ExitCodes.Aborted ? ExitCodes.Aborted
            : blocks ? ExitCodes.BlockingRegression
            : outcome.ExitCode;
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
