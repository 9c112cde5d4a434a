namespace Redline.Engine;

/// <summary>One alert that left the inactive state during a run: its rule, each change of its state, and each delivery.</summary>
/// <param name="Name">The rule's name, as the suite's <c>alerts:</c> gives it.</param>
/// <param name="Condition">The rule's condition as written.</param>
/// <param name="Severity">The rule's severity: critical, warning or info.</param>
/// <param name="Scenario">The scenario it was judged in; null for <c>performance_regression</c>, judged on the run.</param>
/// <param name="Transitions">Each change of state, in order.</param>
/// <param name="Deliveries">Each notification sent for it, with its outcome.</param>
public sealed record AlertReport(string Name, string Condition, string Severity, string? Scenario, IReadOnlyList<AlertTransition> Transitions, IReadOnlyList<AlertDelivery> Deliveries)
{
    /// <summary>True when it reached firing.</summary>
    public bool Fired => Transitions.Any(t => t.State == AlertStates.Firing);
}

/// <summary>The states of an alert, as Prometheus names them.</summary>
public static class AlertStates
{
    /// <summary>The condition holds, not yet for the rule's <c>for</c>.</summary>
    public const string Pending = "pending";

    /// <summary>The condition has held for the rule's <c>for</c>.</summary>
    public const string Firing = "firing";

    /// <summary>A firing alert's condition stopped holding (for its <c>keep_firing_for</c>), or its scenario ended.</summary>
    public const string Resolved = "resolved";

    /// <summary>A pending alert's condition stopped holding before it fired.</summary>
    public const string Inactive = "inactive";
}

/// <summary>One change of an alert's state.</summary>
/// <param name="State">The state it went into.</param>
/// <param name="At">Wall-clock time.</param>
/// <param name="Second">The scenario's second in which it changed, when judged during a scenario.</param>
/// <param name="Value">The measured value that made it change, when there is one.</param>
/// <param name="Text">What happened, in words.</param>
public sealed record AlertTransition(string State, DateTimeOffset At, long? Second, double? Value, string Text);

/// <summary>One notification of an alert.</summary>
/// <param name="Channel">The notifier's name under <c>notifiers:</c>.</param>
/// <param name="Type">Its type: webhook, slack, pagerduty, email or github_issue.</param>
/// <param name="Action">trigger or resolve.</param>
/// <param name="Delivered">True once the receiver accepted it.</param>
/// <param name="Attempts">How many times it was sent.</param>
/// <param name="Status">The receiver's last HTTP status (or SMTP reply code), when it answered.</param>
/// <param name="Error">Why it was not delivered, when it was not.</param>
/// <param name="At">When the last attempt ended.</param>
public sealed record AlertDelivery(string Channel, string Type, string Action, bool Delivered, int Attempts, int? Status, string? Error, DateTimeOffset At);
