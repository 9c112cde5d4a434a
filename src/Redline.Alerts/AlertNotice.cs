namespace Redline.Alerts;

/// <summary>What a notification says: which alert, whether it fires or resolves, where and with what value.</summary>
/// <param name="Rule">The alert's rule.</param>
/// <param name="Action"><c>trigger</c> or <c>resolve</c>.</param>
/// <param name="Suite">The suite's name.</param>
/// <param name="RunId">The run's id.</param>
/// <param name="Scenario">The scenario, or null for a regression of the run.</param>
/// <param name="Value">The value that made it fire (or the last one measured), when there is one.</param>
/// <param name="StartsAt">When it started firing.</param>
/// <param name="EndsAt">When it resolved; null while it fires.</param>
/// <param name="Text">What happened, in words.</param>
public sealed record AlertNotice(AlertRule Rule, string Action, string Suite, string RunId, string? Scenario, double? Value, DateTimeOffset StartsAt, DateTimeOffset? EndsAt, string Text)
{
    /// <summary>The action that opens an alert at a receiver.</summary>
    public const string Trigger = "trigger";

    /// <summary>The action that closes it.</summary>
    public const string Resolve = "resolve";

    /// <summary>
    /// The alert's identity at every receiver, the same for its trigger and its resolve: SHA-256 of the suite, the
    /// scenario and the alert's name, in hex. PagerDuty's dedup_key; a GitHub issue's fingerprint.
    /// </summary>
    public string Fingerprint => Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes($"{Suite}\n{Scenario}\n{Rule.Name}")));

    /// <summary>The labels an Alertmanager-style receiver groups and routes on.</summary>
    public IReadOnlyDictionary<string, string> Labels
    {
        get
        {
            var labels = new SortedDictionary<string, string>(StringComparer.Ordinal) { ["alertname"] = Rule.Name, ["severity"] = Rule.Severity, ["suite"] = Suite };
            if (Scenario is not null)
            {
                labels["scenario"] = Scenario;
            }

            return labels;
        }
    }

    /// <summary>One line: [FIRING] or [RESOLVED], the alert, its condition and value, and where.</summary>
    public string Summary
    {
        get
        {
            var state = Action == Trigger ? "FIRING" : "RESOLVED";
            var where = Scenario is null ? $"run {RunId} of suite {Suite}" : $"scenario {Scenario} of suite {Suite} (run {RunId})";
            var value = Value is { } v ? $", value {Format(v)}{Unit}" : "";
            return $"[{state}:{Rule.Severity}] {Rule.Name}: {Rule.Condition.Text}{value}, in {where}";
        }
    }

    private string Unit => Rule.Condition.Clauses.FirstOrDefault()?.Unit is { Length: > 0 } unit and not "B" ? unit == "%" ? "%" : " " + unit : "";

    private static string Format(double value) => Math.Round(value, 3).ToString(System.Globalization.CultureInfo.InvariantCulture);
}
