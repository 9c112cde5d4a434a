using Redline.Engine;

namespace Redline.Alerts;

/// <summary>
/// Judges a suite's alerts on every closed second of every scenario, as Prometheus judges a rule at each evaluation:
/// the condition holding makes an alert pending, holding for the rule's <c>for</c> makes it fire, and not holding (for
/// its <c>keep_firing_for</c>) resolves it; a scenario's end resolves what still fires. <c>performance_regression</c>
/// is judged once, after the comparison with the baseline. Each firing and resolve goes to the rule's notifiers.
/// </summary>
public sealed class AlertEvaluator : IIntervalSink
{
    private readonly IReadOnlyList<AlertRule> _rules;
    private readonly AlertDispatcher _dispatcher;
    private readonly TimeProvider _time;
    private readonly int _cores;
    private readonly object _gate = new();
    private readonly Dictionary<(string Scenario, string Rule), Tracked> _tracked = [];
    private readonly List<Tracked> _order = [];
    private string _suite = "";
    private string _runId = "";

    /// <summary>An evaluator of <paramref name="rules"/> that hands notices to <paramref name="dispatcher"/>.</summary>
    public AlertEvaluator(IReadOnlyList<AlertRule> rules, AlertDispatcher dispatcher, TimeProvider time, int cores)
    {
        _rules = rules;
        _dispatcher = dispatcher;
        _time = time;
        _cores = cores;
    }

    /// <summary>Every alert that left the inactive state, in the order they first did, with their deliveries so far.</summary>
    public IReadOnlyList<AlertReport> Reports
    {
        get
        {
            lock (_gate)
            {
                return [.. _order.Where(t => t.Transitions.Count > 0).Select(t => t.Report())];
            }
        }
    }

    /// <inheritdoc />
    public ValueTask OnScenarioStartAsync(ScenarioStart start, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(start);
        lock (_gate)
        {
            if (start.Run is { } run)
            {
                (_suite, _runId) = (run.Suite, run.RunId);
            }

            foreach (var rule in _rules.Where(r => !r.Condition.IsRegression))
            {
                // A repeated scenario starts its alerts afresh; what the last repeat left firing was resolved at its end.
                var tracked = new Tracked(rule, start.Scenario);
                if (_tracked.TryGetValue((start.Scenario, rule.Name), out var earlier) && earlier.Transitions.Count > 0)
                {
                    tracked = earlier;
                }
                else
                {
                    _order.Add(tracked);
                }

                _tracked[(start.Scenario, rule.Name)] = tracked;
            }
        }

        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask OnIntervalAsync(IntervalReport report, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(report);
        var now = _time.GetUtcNow();
        lock (_gate)
        {
            foreach (var rule in _rules.Where(r => !r.Condition.IsRegression))
            {
                if (!_tracked.TryGetValue((report.Scenario, rule.Name), out var tracked))
                {
                    continue;
                }

                var (holds, value) = rule.Condition.Evaluate(report, _cores);
                Step(tracked, report.Second, holds, value, now);
            }
        }

        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask OnScenarioCompleteAsync(ScenarioEnd end, ScenarioResult result, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(result);
        var now = _time.GetUtcNow();
        lock (_gate)
        {
            foreach (var tracked in _order.Where(t => t.Scenario == result.Name))
            {
                if (tracked.State == AlertStates.Firing)
                {
                    Resolve(tracked, tracked.LastSecond, null, now, "the scenario ended");
                }
                else if (tracked.State == AlertStates.Pending)
                {
                    tracked.Move(AlertStates.Inactive, now, tracked.LastSecond, null, "the scenario ended before it had held for its for");
                }
            }
        }

        return ValueTask.CompletedTask;
    }

    /// <summary>
    /// Judges the <c>performance_regression == true</c> alerts on the comparison with the baseline: with
    /// <paramref name="regressions"/> above zero they fire, and stay firing (a regression is not resolved by the run ending).
    /// </summary>
    public void Regression(int regressions, string summary)
    {
        if (regressions <= 0)
        {
            return;
        }

        var now = _time.GetUtcNow();
        lock (_gate)
        {
            foreach (var rule in _rules.Where(r => r.Condition.IsRegression))
            {
                var tracked = new Tracked(rule, null);
                _order.Add(tracked);
                tracked.FiringSince = now;
                tracked.Move(AlertStates.Firing, now, null, regressions, summary);
                Notify(tracked, AlertNotice.Trigger, regressions, now, null, summary);
            }
        }
    }

    private void Step(Tracked tracked, long second, bool holds, double? value, DateTimeOffset now)
    {
        var rule = tracked.Rule;
        tracked.LastSecond = second;
        switch (tracked.State)
        {
            case AlertStates.Inactive when holds:
                tracked.Since = second;
                tracked.LastTrue = second;
                if (rule.Condition.For <= TimeSpan.Zero)
                {
                    Fire(tracked, second, value, now);
                }
                else
                {
                    tracked.Move(AlertStates.Pending, now, second, value, $"{rule.Condition.Text}: holds at second {second}");
                }

                break;
            case AlertStates.Pending when holds:
                tracked.LastTrue = second;
                if (second - tracked.Since >= rule.Condition.For.TotalSeconds)
                {
                    Fire(tracked, second, value, now);
                }

                break;
            case AlertStates.Pending:
                tracked.Move(AlertStates.Inactive, now, second, value, $"stopped holding at second {second}, before its for of {rule.Condition.For.TotalSeconds:0} s");
                break;
            case AlertStates.Firing when holds:
                tracked.LastTrue = second;
                break;
            case AlertStates.Firing when second - tracked.LastTrue >= Math.Max(1, rule.KeepFiringFor.TotalSeconds):
                Resolve(tracked, second, value, now, $"stopped holding at second {tracked.LastTrue + 1}");
                break;
        }
    }

    private void Fire(Tracked tracked, long second, double? value, DateTimeOffset now)
    {
        var text = $"{tracked.Rule.Condition.Text}: held from second {tracked.Since} to {second}";
        tracked.FiringSince = now;
        tracked.Move(AlertStates.Firing, now, second, value, text);
        Notify(tracked, AlertNotice.Trigger, value, now, null, text);
    }

    private void Resolve(Tracked tracked, long second, double? value, DateTimeOffset now, string text)
    {
        tracked.Move(AlertStates.Resolved, now, second, value, text);
        tracked.State = AlertStates.Inactive;
        Notify(tracked, AlertNotice.Resolve, value, tracked.FiringSince ?? now, now, text);
    }

    private void Notify(Tracked tracked, string action, double? value, DateTimeOffset startsAt, DateTimeOffset? endsAt, string text)
    {
        if (tracked.Rule.Notification.Count == 0)
        {
            return;
        }

        var notice = new AlertNotice(tracked.Rule, action, _suite, _runId, tracked.Scenario, value, startsAt, endsAt, text);
        _dispatcher.Post(notice, delivery =>
        {
            lock (_gate)
            {
                tracked.Deliveries.Add(delivery);
            }
        });
    }

    /// <summary>One rule in one scenario.</summary>
    private sealed class Tracked(AlertRule rule, string? scenario)
    {
        public AlertRule Rule { get; } = rule;

        public string? Scenario { get; } = scenario;

        public string State { get; set; } = AlertStates.Inactive;

        public long Since { get; set; }

        public long LastTrue { get; set; }

        public long LastSecond { get; set; }

        public DateTimeOffset? FiringSince { get; set; }

        public List<AlertTransition> Transitions { get; } = [];

        public List<AlertDelivery> Deliveries { get; } = [];

        public void Move(string state, DateTimeOffset at, long? second, double? value, string text)
        {
            State = state;
            Transitions.Add(new AlertTransition(state, at, second, value, text));
        }

        public AlertReport Report() => new(Rule.Name, Rule.Condition.Text, Rule.Severity, Scenario, [.. Transitions], [.. Deliveries]);
    }
}
