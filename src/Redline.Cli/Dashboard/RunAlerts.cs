using Redline.Alerts;
using Redline.Cli.Suites;
using Redline.Engine;
using Redline.Results.Comparison;
using Redline.Results.Reports;
using Spectre.Console;

namespace Redline.Cli.Dashboard;

/// <summary>A suite's alerts during one <c>redline run</c>: judged on each second, told to their notifiers, kept in results.json.</summary>
internal sealed class RunAlerts : IAsyncDisposable
{
    /// <summary>How long Redline waits after the run for notifications still on their way (their retries included).</summary>
    private static readonly TimeSpan DrainLimit = TimeSpan.FromSeconds(30);

    private readonly AlertDispatcher _dispatcher;

    private RunAlerts(AlertDispatcher dispatcher, AlertEvaluator evaluator)
    {
        _dispatcher = dispatcher;
        Evaluator = evaluator;
    }

    /// <summary>The sink that judges every second.</summary>
    public AlertEvaluator Evaluator { get; }

    /// <summary>The suite's alerts, or null when it has none.</summary>
    public static RunAlerts? For(Suite suite)
    {
        if (suite.Alerts.Count == 0)
        {
            return null;
        }

        var dispatcher = new AlertDispatcher(suite.Notifiers, Environment.GetEnvironmentVariable, TimeProvider.System);
        return new RunAlerts(dispatcher, new AlertEvaluator(suite.Alerts, dispatcher, TimeProvider.System, Environment.ProcessorCount));
    }

    /// <summary>Waits (bounded) for the notifications on their way, then returns <paramref name="result"/> with the alerts so far.</summary>
    public async Task<RunResult> SettleAsync(RunResult result)
    {
        await _dispatcher.DrainAsync(DrainLimit).ConfigureAwait(false);
        return result with { Alerts = Evaluator.Reports };
    }

    /// <summary>Judges <c>performance_regression == true</c> on the comparison with the baseline.</summary>
    public void Compared(RunComparison comparison)
    {
        var regressions = comparison.Regressions.Count() + comparison.Leaks.Values.Count(l => l.IsLeak);
        Evaluator.Regression(regressions, Headline.Summary(comparison, Results.Analysis.RegressionSeverity.Notice));
    }

    /// <summary>One line per alert that fired (or went pending), with where its notifications went.</summary>
    public static void Print(IReadOnlyList<AlertReport> alerts)
    {
        foreach (var alert in alerts)
        {
            var fired = alert.Transitions.FirstOrDefault(t => t.State == AlertStates.Firing);
            var resolved = alert.Transitions.LastOrDefault(t => t.State == AlertStates.Resolved);
            var where = alert.Scenario is null ? "the run" : $"scenario {alert.Scenario}";
            var state = fired is null ? "went pending but did not fire"
                : $"fired{(fired.Second is { } s ? $" at second {s}" : "")}{(fired.Value is { } v ? $" (value {v:0.###})" : "")}{(resolved is null ? ", still firing" : $", resolved{(resolved.Second is { } r ? $" at second {r}" : "")}")}";
            var delivered = alert.Deliveries.Count(d => d.Delivered);
            var failed = alert.Deliveries.Where(d => !d.Delivered).Select(d => $"{d.Channel}: {d.Error}").ToList();
            var deliveries = alert.Deliveries.Count == 0 ? "" : $"; {delivered} of {alert.Deliveries.Count} notifications delivered{(failed.Count > 0 ? $" ({string.Join("; ", failed)})" : "")}";
            AnsiConsole.MarkupLine($"[{(fired is null ? "grey" : alert.Severity == "critical" ? "red" : "yellow")}]alert[/] {Markup.Escape(alert.Name)} ({Markup.Escape(alert.Severity)}) in {Markup.Escape(where)} {Markup.Escape(state)}{Markup.Escape(deliveries)}");
        }
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => _dispatcher.DisposeAsync();
}
