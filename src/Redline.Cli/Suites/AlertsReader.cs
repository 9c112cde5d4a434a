using Redline.Alerts;

namespace Redline.Cli.Suites;

/// <summary>A suite's <c>alerts:</c> (or the seed's <c>performance_alerts:</c>) and <c>notifiers:</c>, each problem placed on its node.</summary>
internal sealed class AlertsReader(ValueReader values)
{
    private SuiteIssues Issues => values.Issues;

    /// <summary>The notifiers by name; null when any is wrong.</summary>
    public IReadOnlyDictionary<string, NotifierSpec>? ReadNotifiers(DocNode node)
    {
        var notifiers = new Dictionary<string, NotifierSpec>(StringComparer.Ordinal);
        if (!node.Exists)
        {
            return notifiers;
        }

        if (!values.IsMap(node))
        {
            return null;
        }

        var ok = true;
        foreach (var (name, entry) in node.Entries)
        {
            var notifier = ReadNotifier(name, entry);
            if (notifier is null)
            {
                ok = false;
                continue;
            }

            notifiers[name] = notifier;
        }

        return ok ? notifiers : null;
    }

    /// <summary>The alerts, in file order; null when any is wrong. Their notifications must name a notifier under <c>notifiers:</c>.</summary>
    public IReadOnlyList<AlertRule>? ReadAlerts(DocNode root)
    {
        var notifiers = root["notifiers"].IsMap ? root["notifiers"].Entries.Select(e => e.Key).ToHashSet(StringComparer.Ordinal) : [];
        var node = root["alerts"];
        if (root["performance_alerts"].Exists)
        {
            if (node.Exists)
            {
                Issues.AtKey(root["performance_alerts"], "give alerts or performance_alerts, not both: they are the same section");
                return null;
            }

            node = root["performance_alerts"];
        }

        if (!node.Exists)
        {
            return [];
        }

        if (!values.IsMap(node))
        {
            return null;
        }

        var rules = new List<AlertRule>();
        var ok = true;
        foreach (var (name, entry) in node.Entries)
        {
            var rule = ReadAlert(name, entry, notifiers);
            if (rule is null)
            {
                ok = false;
                continue;
            }

            rules.Add(rule);
        }

        return ok ? rules : null;
    }

    private AlertRule? ReadAlert(string name, DocNode entry, HashSet<string> notifiers)
    {
        if (!values.IsMap(entry) || values.String(entry["condition"]) is not { } text)
        {
            return null;
        }

        var condition = AlertCondition.TryParse(text, out var error);
        if (condition is null)
        {
            Issues.AtValue(entry["condition"], error!);
        }

        var keep = entry["keep_firing_for"].Exists ? values.Duration(entry["keep_firing_for"]) : TimeSpan.Zero;
        var channels = entry["notification"].Exists ? values.ScalarList(entry["notification"]) : [];
        var known = true;
        if (channels is not null)
        {
            foreach (var (channel, item) in channels.Zip(entry["notification"].Items))
            {
                if (!notifiers.Contains(channel))
                {
                    Issues.AtValue(item, notifiers.Count == 0
                        ? $"no notifier named '{channel}': say where it goes under notifiers: (e.g. {channel}: {{ type: webhook, url: ... }})"
                        : $"no notifier named '{channel}' under notifiers:; there are {string.Join(", ", notifiers.Order(StringComparer.Ordinal))}");
                    known = false;
                }
            }
        }

        if (condition is null || keep is null || channels is null || !known)
        {
            return null;
        }

        if (condition.IsRegression && condition.For > TimeSpan.Zero)
        {
            Issues.AtValue(entry["condition"], "performance_regression is judged once after the run: it takes no 'for'");
            return null;
        }

        return new AlertRule(name, condition, values.String(entry["severity"]) ?? "warning", channels)
        {
            KeepFiringFor = keep.Value,
            Summary = values.String(entry["summary"]),
        };
    }

    private NotifierSpec? ReadNotifier(string name, DocNode entry)
    {
        if (!values.IsMap(entry) || values.String(entry["type"]) is not { } type)
        {
            return null;
        }

        var url = entry["url"].Exists ? Url(entry["url"]) : null;
        if (entry["url"].Exists && url is null)
        {
            return null;
        }

        string? Variable(string key) => values.String(entry[key]);
        var notifier = new NotifierSpec(name, type)
        {
            Url = url,
            UrlEnv = Variable("url_env"),
            SecretEnv = Variable("routing_key_env") ?? Variable("token_env") ?? Variable("password_env"),
            Smtp = Variable("smtp"),
            From = Variable("from"),
            To = entry["to"].Exists ? values.ScalarList(entry["to"]) ?? [] : [],
            Username = Variable("username"),
            Repository = Variable("repository"),
        };

        var missing = type switch
        {
            "webhook" or "slack" when notifier.Url is null && notifier.UrlEnv is null => $"a {type} notifier needs url or url_env (the environment variable holding the address)",
            "pagerduty" when entry["routing_key_env"].Exists is false => "a pagerduty notifier needs routing_key_env: the environment variable holding the integration's routing key",
            "email" when notifier.Smtp is null || notifier.From is null || notifier.To.Count == 0 => "an email notifier needs smtp (host:port), from and to",
            "github_issue" when notifier.Repository is null || entry["token_env"].Exists is false => "a github_issue notifier needs repository (owner/name) and token_env: the environment variable holding a token that may write issues",
            _ => null,
        };
        if (missing is not null)
        {
            Issues.AtKey(entry["type"], missing);
            return null;
        }

        return notifier;
    }

    private Uri? Url(DocNode node)
    {
        var text = values.String(node);
        if (text is null)
        {
            return null;
        }

        if (!Uri.TryCreate(text, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https"))
        {
            Issues.AtValue(node, $"expected an http or https address, got '{text}'");
            return null;
        }

        return url;
    }
}
