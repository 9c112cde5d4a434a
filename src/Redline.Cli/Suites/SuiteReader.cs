using System.Globalization;
using Redline.Cli.Kinds;

namespace Redline.Cli.Suites;

/// <summary>The semantic checks of a schema-shaped suite, and the frozen <see cref="Suite"/> they build.</summary>
internal sealed class SuiteReader(ValueReader values, string baseDirectory, ComponentKinds kinds)
{
    private SuiteIssues Issues => values.Issues;

    /// <summary>The suite, or null when there are errors (reported to the reader's issues, or by the schema).</summary>
    public Suite? Read(DocNode root)
    {
        if (!values.IsMap(root))
        {
            return null;
        }

        var name = values.String(root["suite"]);
        var description = values.String(root["description"]);
        var seed = values.Integer(root["seed"]) ?? Suite.DefaultSeed;
        var componentNodes = values.IsMap(root["components"]) ? root["components"].Entries.ToList() : [];
        var components = componentNodes.Select(e => ReadComponent(e.Key, e.Node)).ToList();
        var needsBaseUrl = components.OfType<ComponentSpec>().Any(c => c.Kind.RequiresBaseUrl(c.Spec));
        var target = ReadTarget(root["target"], needsBaseUrl);
        var valid = components.OfType<ComponentSpec>().ToDictionary(c => c.Name, StringComparer.Ordinal);
        var names = componentNodes.Select(e => e.Key).ToList();
        var proxies = new ChaosReader(values).ReadProxies(root["proxies"]);
        var scenarios = new ScenarioReader(values, names, valid) { Proxies = proxies, TargetStarted = root["target"]["start"].Exists, BaseDirectory = baseDirectory }.ReadAll(root["scenarios"], seed);
        var thresholds = root["regression_thresholds"].Exists ? ReadThresholds(root["regression_thresholds"]) : Results.Analysis.RegressionThresholds.Default;
        var alertsReader = new AlertsReader(values);
        var notifiers = alertsReader.ReadNotifiers(root["notifiers"]);
        var alerts = alertsReader.ReadAlerts(root);
        var pipelineReader = new PipelineReader(values, baseDirectory, [.. root["scenarios"].Entries.Select(e => e.Key)]);
        var pipeline = pipelineReader.Read(root["pipeline"]);
        var retention = pipelineReader.ReadRetention(root["retention"]);
        var extrasValid = (pipeline is not null || !root["pipeline"].Exists) && (retention is not null || !root["retention"].Exists);
        return extrasValid && name is not null && target is not null && names.Count > 0 && valid.Count == names.Count && scenarios is not null && thresholds is not null && proxies is not null && notifiers is not null && alerts is not null
            ? new Suite(name, description, seed, target, [.. components.OfType<ComponentSpec>()], scenarios) { Thresholds = thresholds, Proxies = proxies, Alerts = alerts, Notifiers = notifiers, Pipeline = pipeline, Retention = retention }
            : null;
    }

    /// <summary>The seed's <c>regression_thresholds</c>; its parser checks the values, and each problem is placed on its node.</summary>
    private Results.Analysis.RegressionThresholds? ReadThresholds(DocNode node)
    {
        if (!values.IsMap(node))
        {
            return null;
        }

        var levels = new Dictionary<string, IReadOnlyDictionary<string, string>>(StringComparer.Ordinal);
        foreach (var (level, levelNode) in node.Entries.Where(e => e.Key != "alpha"))
        {
            if (values.IsMap(levelNode))
            {
                levels[level] = levelNode.Entries.Select(e => (e.Key, Value: values.Scalar(e.Node))).Where(e => e.Value is not null).ToDictionary(e => e.Key, e => e.Value!, StringComparer.Ordinal);
            }
        }

        var alpha = node["alpha"].Exists ? values.Scalar(node["alpha"]) : null;
        var thresholds = Results.Analysis.RegressionThresholds.TryParse(levels, alpha, out var issues);
        foreach (var issue in issues)
        {
            var target = issue.KeyPath.Split('.').Aggregate(node, (current, key) => current[key].Exists ? current[key] : current);
            if (issue.IsKeyProblem)
            {
                Issues.AtKey(target, issue.Message);
            }
            else
            {
                Issues.AtValue(target, issue.Message);
            }
        }

        return thresholds;
    }

    /// <summary>The target; <c>base_url</c> is required when a component's kind needs it or the target is started (its readiness is probed there).</summary>
    private TargetSpec? ReadTarget(DocNode node, bool needsBaseUrl)
    {
        if (!values.IsMap(node))
        {
            return null;
        }

        var baseUrl = values.String(node["base_url"]) is { } text ? ReadUrl(node["base_url"], text) : null;
        var baseUrlMissing = !node["base_url"].Exists && (needsBaseUrl || node["start"].Exists);
        if (baseUrlMissing)
        {
            Issues.AtValue(node["base_url"], needsBaseUrl ? "missing required key 'base_url'" : "missing required key 'base_url' (target.start's readiness check needs it)");
        }

        var start = node["start"].Exists ? ReadStart(node["start"]) : null;
        var pid = values.Integer(node["pid"], min: 1);
        var process = values.String(node["process"]);
        var conflict = values.BothGiven(node, "start", "pid", "give one of target.start, target.pid and target.process: the process to watch is the one Redline starts, or one already running")
            | values.BothGiven(node, "start", "process", "give one of target.start, target.pid and target.process: the process to watch is the one Redline starts, or one already running")
            | values.BothGiven(node, "pid", "process", "give target.pid or target.process, not both");
        var monitor = node["monitor"].Exists ? ReadMonitor(node["monitor"]) : MonitorSpec.Default;
        var transport = values.String(node["transport"]) switch
        {
            "http1" => Redline.Protocols.Http.HttpTransportKind.Http1,
            "httpclient" => Redline.Protocols.Http.HttpTransportKind.HttpClient,
            _ => Redline.Protocols.Http.HttpTransportKind.Auto,
        };
        if (transport == Redline.Protocols.Http.HttpTransportKind.Http1 && baseUrl?.Scheme == Uri.UriSchemeHttps)
        {
            Issues.AtValue(node["transport"], "transport http1 speaks plain http only, and base_url is https: use auto or httpclient");
        }
        return (baseUrl is not null || (!node["base_url"].Exists && !baseUrlMissing)) && (start is not null || !node["start"].Exists) && !conflict && monitor is not null
            ? new TargetSpec(baseUrl, start) { Pid = pid, Process = process, Monitor = monitor, Transport = transport }
            : null;
    }

    private MonitorSpec? ReadMonitor(DocNode node) => values.IsMap(node)
        ? new MonitorSpec(
            values.Boolean(node["children"]) ?? MonitorSpec.Default.Children,
            values.Boolean(node["runtime"]) ?? MonitorSpec.Default.Runtime,
            values.Boolean(node["system"]) ?? MonitorSpec.Default.System)
        : null;

    private Uri? ReadUrl(DocNode node, string text)
    {
        if (Uri.TryCreate(text, UriKind.Absolute, out var url) && url.Scheme is "http" or "https" && url.Host.Length > 0)
        {
            return url;
        }

        Issues.AtValue(node, SuiteMessages.Expected("url", node, values.Map));
        return null;
    }

    private TargetStartSpec? ReadStart(DocNode node)
    {
        if (!values.IsMap(node))
        {
            return null;
        }

        var command = values.String(node["command"]);
        var args = values.ScalarList(node["args"]) ?? [];
        var env = values.ScalarMap(node["env"]) ?? new Dictionary<string, string>();
        var ready = values.String(node["ready"]) ?? "/";
        var readyTimeout = values.PositiveDuration(node["ready_timeout"]) ?? TargetStartSpec.DefaultReadyTimeout;
        var workingDir = values.String(node["working_dir"]) ?? ".";
        var readyValid = IsValidReady(ready);
        if (!readyValid)
        {
            Issues.AtValue(node["ready"], ready.StartsWith("tcp:", StringComparison.Ordinal)
                ? $"expected a port from 1 to 65535 in tcp:PORT, got '{ready}'"
                : SuiteMessages.Expected("ready", node["ready"], values.Map));
        }

        return command is not null && readyValid
            ? new TargetStartSpec(command, args, env, ready, readyTimeout, Path.GetFullPath(Path.Combine(baseDirectory, workingDir)))
            : null;
    }

    private static bool IsValidReady(string ready) =>
        ready.StartsWith('/')
        || (ready.StartsWith("tcp:", StringComparison.Ordinal)
            && int.TryParse(ready.AsSpan(4), NumberStyles.None, CultureInfo.InvariantCulture, out var port)
            && port is >= 1 and <= 65535);

    private ComponentSpec? ReadComponent(string name, DocNode node)
    {
        if (!values.IsMap(node))
        {
            return null;
        }

        var description = values.String(node["description"]);
        var kind = ReadKind(node);
        var spec = kind?.Read(node[kind.Key], new KindReading(values, baseDirectory));
        var baseline = ReadTable(node["baseline"]);
        var target = ReadTable(node["target"]);
        var tablesValid = (baseline is not null || !node["baseline"].Exists) && (target is not null || !node["target"].Exists);
        return kind is not null && spec is not null && tablesValid ? new ComponentSpec(name, description, kind, spec, baseline, target) : null;
    }

    /// <summary>The component's one kind; reports a component with none or with two.</summary>
    private IComponentKind? ReadKind(DocNode component)
    {
        var present = component.Entries.Where(e => kinds.Find(e.Key) is not null).Select(e => e.Key).ToList();
        var known = $"a component has exactly one kind key ({SuiteMessages.Either(kinds.Keys)})";
        if (present.Count > 1)
        {
            foreach (var extra in present.Skip(1))
            {
                Issues.AtKey(component[extra], $"'{present[0]}' and '{extra}' cannot both be given; {known}");
            }

            return null;
        }

        // A misspelt kind key ('reqest') is an unknown key; the schema names it with a suggestion.
        var misspelt = component.Entries.Any(e => kinds.Find(e.Key) is null && SuiteMessages.Suggest(e.Key, kinds.Keys) is not null);
        if (present.Count == 0 && !misspelt)
        {
            Issues.AtValue(component, $"the component has no kind; {known}");
        }

        return present.Count == 1 ? kinds.Find(present[0]) : null;
    }

    private IComponentKind? KindOf(DocNode component) =>
        component.Entries.Select(e => kinds.Find(e.Key)).FirstOrDefault(k => k is not null);

    private PerformanceTable? ReadTable(DocNode node)
    {
        if (!values.IsMap(node))
        {
            return null;
        }

        string[] keys = ["p50", "p95", "p99", "max"];
        var latencies = keys.Select(k => values.Duration(node[k])).ToList();
        var throughput = values.Rate(node["throughput"]);
        var complete = keys.Zip(latencies).All(x => x.Second is not null || !node[x.First].Exists)
            && (throughput is not null || !node["throughput"].Exists);
        return complete ? new PerformanceTable(latencies[0], latencies[1], latencies[2], latencies[3], throughput) : null;
    }
}
