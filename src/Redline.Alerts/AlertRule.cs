namespace Redline.Alerts;

/// <summary>One alert of a suite's <c>alerts:</c>.</summary>
/// <param name="Name">Its name, the key in <c>alerts:</c>.</param>
/// <param name="Condition">When it holds.</param>
/// <param name="Severity">critical, warning or info.</param>
/// <param name="Notification">The notifiers (names under <c>notifiers:</c>) told when it fires and resolves.</param>
public sealed record AlertRule(string Name, AlertCondition Condition, string Severity, IReadOnlyList<string> Notification)
{
    /// <summary>The severities an alert may have.</summary>
    public static readonly IReadOnlyList<string> Severities = ["critical", "warning", "info"];

    /// <summary>How long a firing alert stays firing after its condition stops holding, against flapping.</summary>
    public TimeSpan KeepFiringFor { get; init; }

    /// <summary>What the alert means, in words, for the notifications.</summary>
    public string? Summary { get; init; }
}

/// <summary>Where one notification channel goes. Secrets are named by environment variable, never written in the suite.</summary>
/// <param name="Name">Its name under <c>notifiers:</c>, which an alert's <c>notification</c> lists.</param>
/// <param name="Type">webhook, slack, pagerduty, email or github_issue.</param>
public sealed record NotifierSpec(string Name, string Type)
{
    /// <summary>The notifier types Redline can deliver to.</summary>
    public static readonly IReadOnlyList<string> Types = ["webhook", "slack", "pagerduty", "email", "github_issue"];

    /// <summary>The address it posts to, when written in the suite (a webhook's receiver; PagerDuty's or GitHub's API).</summary>
    public Uri? Url { get; init; }

    /// <summary>The environment variable holding the address, when the address itself is a secret (a Slack incoming webhook).</summary>
    public string? UrlEnv { get; init; }

    /// <summary>The environment variable holding the credential: PagerDuty's routing key, GitHub's token, the SMTP password, a webhook's bearer token.</summary>
    public string? SecretEnv { get; init; }

    /// <summary>email: the SMTP server as host:port.</summary>
    public string? Smtp { get; init; }

    /// <summary>email: the sender.</summary>
    public string? From { get; init; }

    /// <summary>email: the recipients.</summary>
    public IReadOnlyList<string> To { get; init; } = [];

    /// <summary>email: the SMTP user, when the server asks for one (its password in <see cref="SecretEnv"/>).</summary>
    public string? Username { get; init; }

    /// <summary>github_issue: the repository as owner/name.</summary>
    public string? Repository { get; init; }

    /// <summary>The default address for a type that has one: PagerDuty's Events API v2 and GitHub's REST API.</summary>
    public static Uri? DefaultUrl(string type) => type switch
    {
        "pagerduty" => new Uri("https://events.pagerduty.com/v2/enqueue"),
        "github_issue" => new Uri("https://api.github.com/"),
        _ => null,
    };
}
