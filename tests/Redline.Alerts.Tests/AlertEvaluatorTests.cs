using System.Text.Json;
using Redline.Testing.Servers;

namespace Redline.Alerts.Tests;

/// <summary>Alerts judged second by second as Prometheus judges a rule: pending, firing after for, resolved, and told to a real receiver.</summary>
public sealed class AlertEvaluatorTests
{
    [Fact]
    public async Task Step_ErrorsHoldingForTwoSeconds_PendingThenFiringThenResolvedWithATriggerAndAResolve()
    {
        await using var receiver = await AlertReceiver.StartAsync();
        var (evaluator, dispatcher) = Evaluator(receiver, "error_rate > 5% for 2s");
        await using var _ = dispatcher;

        await Feed(evaluator, [0, 10, 10, 10, 10, 0, 0]);
        await dispatcher.DrainAsync(TimeSpan.FromSeconds(10));

        var alert = Assert.Single(evaluator.Reports);
        Assert.Equal([("pending", 1L), ("firing", 3L), ("resolved", 5L)], alert.Transitions.Select(t => (t.State, t.Second!.Value)));
        Assert.Equal(10, alert.Transitions[1].Value);
        Assert.Equal(["trigger", "resolve"], alert.Deliveries.Select(d => d.Action));
        Assert.All(alert.Deliveries, d => Assert.True(d.Delivered, d.ToString()));
        var bodies = receiver.Calls.Select(c => JsonDocument.Parse(c.Body).RootElement).ToList();
        Assert.Equal(["firing", "resolved"], bodies.Select(b => b.GetProperty("status").GetString()));
        var firing = bodies[0].GetProperty("alerts")[0];
        Assert.Equal("high_errors", firing.GetProperty("labels").GetProperty("alertname").GetString());
        Assert.Equal("critical", firing.GetProperty("labels").GetProperty("severity").GetString());
        Assert.Equal("0001-01-01T00:00:00Z", firing.GetProperty("endsAt").GetString());
        var resolved = bodies[1].GetProperty("alerts")[0];
        Assert.Equal(firing.GetProperty("fingerprint").GetString(), resolved.GetProperty("fingerprint").GetString());
        Assert.Equal(firing.GetProperty("startsAt").GetString(), resolved.GetProperty("startsAt").GetString());
        Assert.NotEqual("0001-01-01T00:00:00Z", resolved.GetProperty("endsAt").GetString());
    }

    [Fact]
    public async Task Step_ConditionBreakingOffBeforeFor_GoesBackToInactiveAndTellsNobody()
    {
        await using var receiver = await AlertReceiver.StartAsync();
        var (evaluator, dispatcher) = Evaluator(receiver, "error_rate > 5% for 3s");
        await using var _ = dispatcher;

        await Feed(evaluator, [10, 10, 0, 10, 10, 10, 0]);
        await dispatcher.DrainAsync(TimeSpan.FromSeconds(10));

        var alert = Assert.Single(evaluator.Reports);
        Assert.Equal(["pending", "inactive", "pending", "inactive"], alert.Transitions.Select(t => t.State));
        Assert.False(alert.Fired);
        Assert.Empty(receiver.Calls);
    }

    [Fact]
    public async Task Step_FlappingWithKeepFiringFor_FiresOnceAndResolvesOnlyAfterTheQuietSpell()
    {
        await using var receiver = await AlertReceiver.StartAsync();
        var (evaluator, dispatcher) = Evaluator(receiver, "error_rate > 5%", keepFiringFor: TimeSpan.FromSeconds(3));
        await using var _ = dispatcher;

        await Feed(evaluator, [10, 0, 10, 0, 0, 10, 0, 0, 0, 0, 0]);
        await dispatcher.DrainAsync(TimeSpan.FromSeconds(10));

        var alert = Assert.Single(evaluator.Reports);
        Assert.Equal([("firing", 0L), ("resolved", 8L)], alert.Transitions.Select(t => (t.State, t.Second!.Value)));
        Assert.Equal(2, receiver.Calls.Count);
    }

    [Fact]
    public async Task ScenarioEnd_WhileFiring_ResolvesSoEveryTriggerHasItsResolve()
    {
        await using var receiver = await AlertReceiver.StartAsync();
        var (evaluator, dispatcher) = Evaluator(receiver, "error_rate > 5%");
        await using var _ = dispatcher;

        await Feed(evaluator, [10, 10, 10]);
        await evaluator.OnScenarioCompleteAsync(Seconds.End, Seconds.Result(), CancellationToken.None);
        await dispatcher.DrainAsync(TimeSpan.FromSeconds(10));

        var alert = Assert.Single(evaluator.Reports);
        Assert.Equal(["firing", "resolved"], alert.Transitions.Select(t => t.State));
        Assert.Equal("the scenario ended", alert.Transitions[^1].Text);
        Assert.Equal(["trigger", "resolve"], alert.Deliveries.Select(d => d.Action));
    }

    [Fact]
    public async Task Regression_AfterTheComparison_FiresTheRegressionAlertOnceAndLeavesTheOthers()
    {
        await using var receiver = await AlertReceiver.StartAsync();
        var notifiers = Notifiers(receiver);
        await using var dispatcher = new AlertDispatcher(notifiers, _ => null, TimeProvider.System);
        AlertRule[] rules = [Rule("regressed", "performance_regression == true"), Rule("high_errors", "error_rate > 5%")];
        var evaluator = new AlertEvaluator(rules, dispatcher, TimeProvider.System, 2);

        evaluator.Regression(0, "no regressions");
        Assert.Empty(evaluator.Reports);
        evaluator.Regression(2, "2 regressions: p95 +31%");
        await dispatcher.DrainAsync(TimeSpan.FromSeconds(10));

        var alert = Assert.Single(evaluator.Reports);
        Assert.Equal(("regressed", null, "firing"), (alert.Name, alert.Scenario, alert.Transitions.Single().State));
        var body = JsonDocument.Parse(Assert.Single(receiver.Calls).Body).RootElement;
        Assert.Equal("firing", body.GetProperty("status").GetString());
        Assert.False(body.GetProperty("commonLabels").TryGetProperty("scenario", out _));
    }

    internal static Dictionary<string, NotifierSpec> Notifiers(AlertReceiver receiver) =>
        new(StringComparer.Ordinal) { ["ops"] = new NotifierSpec("ops", "webhook") { Url = new Uri(receiver.Url, "hook") } };

    private static AlertRule Rule(string name, string condition, TimeSpan keepFiringFor = default) =>
        new(name, AlertCondition.TryParse(condition, out var error) ?? throw new InvalidOperationException(error), "critical", ["ops"]) { KeepFiringFor = keepFiringFor };

    private static (AlertEvaluator, AlertDispatcher) Evaluator(AlertReceiver receiver, string condition, TimeSpan keepFiringFor = default)
    {
        var dispatcher = new AlertDispatcher(Notifiers(receiver), _ => null, TimeProvider.System);
        return (new AlertEvaluator([Rule("high_errors", condition, keepFiringFor)], dispatcher, TimeProvider.System, 2), dispatcher);
    }

    private static async Task Feed(AlertEvaluator evaluator, double[] errorPercents)
    {
        await evaluator.OnScenarioStartAsync(Seconds.Start(), CancellationToken.None);
        for (var second = 0; second < errorPercents.Length; second++)
        {
            await evaluator.OnIntervalAsync(Seconds.Of(second, errorPercents[second]), CancellationToken.None);
        }
    }
}
