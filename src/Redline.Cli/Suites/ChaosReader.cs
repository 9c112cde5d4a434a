using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Redline.Protocols.Proxy;

namespace Redline.Cli.Suites;

/// <summary>A fault proxy a suite names, in front of one of the target's own dependencies.</summary>
/// <param name="Name">Its name, as a fault's <c>on:</c> refers to it.</param>
/// <param name="Listen">Where it listens, on loopback.</param>
/// <param name="Upstream">Where it forwards, on loopback.</param>
internal sealed record ProxySpec(string Name, IPEndPoint Listen, IPEndPoint Upstream);

/// <summary>What a fault acts through.</summary>
internal enum FaultKind
{
    /// <summary>A fault proxy's traffic: latency, bandwidth, resets, a black hole.</summary>
    Network,

    /// <summary>The reference deployment's MCP servers: one killed, chosen by the seeded random sequence.</summary>
    KillMcpServer,

    /// <summary>The reference deployment's database sessions: a share dropped.</summary>
    DatabaseDrop,

    /// <summary>The reference deployment's cache: emptied at random times.</summary>
    CacheInvalidation,

    /// <summary>The target's CPU: a quota through its control group.</summary>
    CpuThrottling,

    /// <summary>The target's memory: a limit through its control group.</summary>
    MemoryPressure,

    /// <summary>A disk the suite names: filled with a ballast file.</summary>
    DiskFill,

    /// <summary>A user's own service: its fault switched on and off by calls to it.</summary>
    Hook,

    /// <summary>The target's packets: a share dropped by nftables in the network namespace it runs in.</summary>
    PacketLoss,
}

/// <summary>A call a hook fault makes: a method and a path on the target (or a loopback URL).</summary>
/// <param name="Method">GET, POST, PUT, DELETE, ...</param>
/// <param name="Target">A path relative to <c>target.base_url</c>, or an absolute loopback URL.</param>
internal sealed record HookCall(string Method, string Target)
{
    /// <summary>The URL it calls.</summary>
    public Uri Resolve(Uri? baseUrl) => Uri.TryCreate(Target, UriKind.Absolute, out var absolute) && absolute.Scheme != Uri.UriSchemeFile
        ? absolute
        : new Uri(baseUrl ?? throw new InvalidOperationException("a hook with a path needs target.base_url"), Target);

    /// <summary>The call as written.</summary>
    public override string ToString() => $"{Method} {Target}";
}

/// <summary>One fault of a scenario's <c>chaos:</c> list, checked.</summary>
/// <param name="Name">The fault in the suite's words (<c>latency_injection</c>).</param>
/// <param name="Asked">Its size as written (<c>+100ms</c>).</param>
/// <param name="On"><c>target</c>, <c>reference</c> or a proxy's name.</param>
/// <param name="At">When it starts, from the scenario's start.</param>
/// <param name="For">How long it lasts; null to the scenario's end (a kill: until the server is back).</param>
/// <param name="Every">How often it starts again; null for once.</param>
internal sealed record FaultSpec(string Name, string Asked, string On, TimeSpan At, TimeSpan? For, TimeSpan? Every)
{
    /// <summary>What <c>on:</c> means when it is left out for network and resource faults: the traffic Redline sends, or the process it started.</summary>
    public const string Target = "target";

    /// <summary>The reference deployment at <c>target.base_url</c> (<c>redline target serve</c>), for service faults.</summary>
    public const string Reference = "reference";

    /// <summary>What the fault acts through.</summary>
    public FaultKind Kind { get; init; }

    /// <summary>What the proxy does while a network fault is on.</summary>
    public NetworkFault? Network { get; init; }

    /// <summary>The share asked, from 0 to 1: of the machine's CPU, of a memory limit, of database sessions.</summary>
    public double Share { get; init; }

    /// <summary>A cache invalidation at random times: the mean gap between them.</summary>
    public TimeSpan? MeanGap { get; init; }

    /// <summary>A disk fill's folder.</summary>
    public string? Path { get; init; }

    /// <summary>A disk fill: the free bytes it leaves.</summary>
    public long Leave { get; init; }

    /// <summary>A disk fill over the fault's length (true), or all at once.</summary>
    public bool Progressive { get; init; }

    /// <summary>A hook's calls that switch the user's fault on and off.</summary>
    public (HookCall Start, HookCall Stop)? Hook { get; init; }

    /// <summary>The components that depend on what the fault acts on (<c>hits</c>); empty for all of them.</summary>
    public IReadOnlyList<string> Hits { get; init; } = [];

    /// <summary>The share of requests the fault fails by design, in percent (a connection drop's 10%); null when it has none.</summary>
    public double? ErrorShare => Kind == FaultKind.DatabaseDrop || Network?.ResetShare > 0 ? (Network?.ResetShare * 100) ?? (Share * 100) : null;
}

/// <summary>Reads <c>proxies:</c> and each scenario's <c>chaos:</c>; the schema has checked their shapes, this checks what they say.</summary>
/// <param name="values">Reads and reports.</param>
internal sealed partial class ChaosReader(ValueReader values)
{
    private static readonly Dictionary<string, FaultKind> Kinds = new(StringComparer.Ordinal)
    {
        ["latency_injection"] = FaultKind.Network,
        ["bandwidth_limitation"] = FaultKind.Network,
        ["connection_reset"] = FaultKind.Network,
        ["black_hole"] = FaultKind.Network,
        ["database_connection_drop"] = FaultKind.DatabaseDrop,
        ["kill_random_mcp_server"] = FaultKind.KillMcpServer,
        ["cache_invalidation"] = FaultKind.CacheInvalidation,
        ["cpu_throttling"] = FaultKind.CpuThrottling,
        ["memory_pressure"] = FaultKind.MemoryPressure,
        ["disk_space_exhaustion"] = FaultKind.DiskFill,
        ["hook"] = FaultKind.Hook,
        ["packet_loss"] = FaultKind.PacketLoss,
    };

    /// <summary>Whether the suite has Redline start the target (resource faults act on that process).</summary>
    public bool TargetStarted { get; init; }

    /// <summary>Every component name in the file, which a fault's <c>hits</c> may name.</summary>
    public IReadOnlyList<string> ComponentNames { get; init; } = [];

    /// <summary>The suite file's folder, which a disk fill's relative path is from.</summary>
    public string BaseDirectory { get; init; } = ".";

    private SuiteIssues Issues => values.Issues;

    /// <summary>The suite's proxies by name; null when any is wrong.</summary>
    public IReadOnlyDictionary<string, ProxySpec>? ReadProxies(DocNode node)
    {
        var proxies = new Dictionary<string, ProxySpec>(StringComparer.Ordinal);
        if (!node.Exists)
        {
            return proxies;
        }

        if (!values.IsMap(node))
        {
            return null;
        }

        var ok = true;
        foreach (var (name, proxy) in node.Entries)
        {
            var listen = Loopback(proxy["listen"]);
            var upstream = Loopback(proxy["upstream"]);
            if (listen is null || upstream is null)
            {
                ok = false;
                continue;
            }

            proxies[name] = new ProxySpec(name, listen, upstream);
        }

        return ok ? proxies : null;
    }

    /// <summary>A scenario's faults; null when any is wrong.</summary>
    public IReadOnlyList<FaultSpec>? ReadFaults(DocNode node, IReadOnlyDictionary<string, ProxySpec>? proxies)
    {
        if (!node.Exists)
        {
            return [];
        }

        if (!values.IsList(node))
        {
            return null;
        }

        var faults = new List<FaultSpec>();
        var ok = true;
        foreach (var entry in node.Items)
        {
            if (ReadFault(entry, proxies) is { } fault)
            {
                faults.Add(fault);
            }
            else
            {
                ok = false;
            }
        }

        return ok ? faults : null;
    }

    private FaultSpec? ReadFault(DocNode entry, IReadOnlyDictionary<string, ProxySpec>? proxies)
    {
        if (!values.IsMap(entry))
        {
            return null;
        }

        var kinds = entry.Entries.Where(e => Kinds.ContainsKey(e.Key)).ToList();
        if (kinds.Count != 1)
        {
            Issues.AtValue(entry, kinds.Count == 0
                ? $"a fault needs one of {string.Join(", ", Kinds.Keys)}"
                : $"one fault per entry; this one has {string.Join(" and ", kinds.Select(k => k.Key))}");
            return null;
        }

        var (name, sizeNode) = kinds[0];
        var kind = Kinds[name];
        var on = ReadOn(entry, name, kind, sizeNode, proxies);
        if (on is null)
        {
            return null;
        }

        if (on != FaultSpec.Reference && kind == FaultKind.DatabaseDrop)
        {
            // A named proxy in front of a database: the share of its connections reset.
            kind = FaultKind.Network;
        }

        var at = entry["at"].Exists ? values.Duration(entry["at"]) : (TimeSpan?)TimeSpan.Zero;
        var length = entry["for"].Exists ? values.PositiveDuration(entry["for"]) : null;
        var every = entry["every"].Exists ? values.PositiveDuration(entry["every"]) : null;
        if (at is null || (entry["for"].Exists && length is null) || (entry["every"].Exists && every is null))
        {
            return null;
        }

        var asked = kind == FaultKind.Hook ? "" : values.Scalar(sizeNode) ?? "";
        var written = new FaultSpec(name, asked, on, at.Value, length, every) { Kind = kind };
        var spec = kind switch
        {
            FaultKind.Network => ReadNetwork(entry, name, sizeNode, written),
            FaultKind.KillMcpServer => ReadKill(entry, sizeNode, written),
            FaultKind.CacheInvalidation => ReadInvalidation(entry, sizeNode, written),
            FaultKind.DiskFill => ReadDiskFill(entry, sizeNode, written),
            FaultKind.Hook => ReadHook(sizeNode, written),
            _ => ReadShare(name, sizeNode, written),
        };
        if (spec is null)
        {
            return null;
        }

        if (kind is FaultKind.CpuThrottling or FaultKind.MemoryPressure && !TargetStarted)
        {
            Issues.AtKey(sizeNode, $"{name} acts on the target's process through a control group Redline puts it in when it starts it: give target.start");
            return null;
        }

        if (kind is FaultKind.PacketLoss && !TargetStarted)
        {
            Issues.AtKey(sizeNode, "packet_loss drops the target's packets in a network namespace Redline starts it in: give target.start");
            return null;
        }

        if (entry["hits"].Exists)
        {
            if (ReadHits(entry["hits"]) is not { } hits)
            {
                return null;
            }

            spec = spec with { Hits = hits };
        }

        if (spec.Every is { } period && spec.For is { } span && span >= period)
        {
            Issues.AtValue(entry["every"], $"'every' ({values.Scalar(entry["every"])}) must be longer than 'for' ({values.Scalar(entry["for"])}), or the fault would never end");
            return null;
        }

        if (spec.Every is not null && spec.For is null && kind != FaultKind.KillMcpServer)
        {
            Issues.AtKey(entry["every"], "a fault that repeats needs 'for': how long each time lasts");
            return null;
        }

        return spec;
    }

    /// <summary>The components a fault's <c>hits</c> names, each checked against the suite's.</summary>
    private List<string>? ReadHits(DocNode node)
    {
        if (!values.IsList(node))
        {
            return null;
        }

        var hits = new List<string>();
        foreach (var item in node.Items)
        {
            if (values.String(item) is not { } name)
            {
                return null;
            }

            if (!ComponentNames.Contains(name))
            {
                return (List<string>?)Reject(item, $"unknown component '{name}'; the components are {SuiteMessages.List([.. ComponentNames])}");
            }

            hits.Add(name);
        }

        return hits;
    }

    /// <summary>The fault's <c>on:</c>, checked against what its kind can act on.</summary>
    private string? ReadOn(DocNode entry, string name, FaultKind kind, DocNode sizeNode, IReadOnlyDictionary<string, ProxySpec>? proxies)
    {
        var reference = kind is FaultKind.KillMcpServer or FaultKind.CacheInvalidation or FaultKind.DatabaseDrop;
        var on = entry["on"].Exists ? values.String(entry["on"]) : reference ? FaultSpec.Reference : FaultSpec.Target;
        if (on is null)
        {
            return null;
        }

        var where = entry["on"].Exists ? entry["on"] : sizeNode;
        var proxy = proxies is not null && proxies.ContainsKey(on);
        string? problem = kind switch
        {
            FaultKind.Network when on != FaultSpec.Target && proxies is not null && !proxy => proxies.Count == 0
                ? $"unknown proxy '{on}': name it under proxies (listen, upstream), or write on: target"
                : $"unknown proxy '{on}'; the proxies are {SuiteMessages.List([.. proxies.Keys])}, or target",
            FaultKind.DatabaseDrop when on != FaultSpec.Reference && proxies is not null && !proxy =>
                $"database_connection_drop acts on the reference deployment's database (on: reference) or on the connections through a proxy under proxies; '{on}' is neither",
            FaultKind.KillMcpServer or FaultKind.CacheInvalidation when on != FaultSpec.Reference =>
                $"{name} acts on the reference deployment (on: reference); on your own service, switch a fault with hook: {{ start, stop }}",
            FaultKind.CpuThrottling or FaultKind.MemoryPressure or FaultKind.DiskFill or FaultKind.Hook or FaultKind.PacketLoss when on != FaultSpec.Target =>
                $"{name} acts on the target (on: target), not on '{on}'",
            _ => null,
        };
        return problem is null ? on : (string?)Reject(where, problem);
    }

    private FaultSpec? ReadNetwork(DocNode entry, string name, DocNode sizeNode, FaultSpec spec)
    {
        var jitter = entry["jitter"].Exists ? values.Duration(entry["jitter"]) : TimeSpan.Zero;
        if (jitter is null)
        {
            return null;
        }

        var direction = values.String(entry["direction"]) switch
        {
            "up" => FaultDirection.Up,
            "both" => FaultDirection.Both,
            _ => FaultDirection.Down,
        };
        NetworkFault? fault = name switch
        {
            "latency_injection" => Latency(sizeNode) is { } latency ? new NetworkFault { Latency = latency, Jitter = jitter.Value, Direction = direction } : null,
            "bandwidth_limitation" => Bandwidth(sizeNode) is { } rate ? new NetworkFault { BytesPerSecond = rate, Direction = direction } : null,
            "connection_reset" or "database_connection_drop" => values.Percentage(sizeNode) is { } share and >= 0 and <= 100 ? new NetworkFault { ResetShare = share / 100 } : (NetworkFault?)Reject(sizeNode, "expected a share of connections from 0% to 100%"),
            _ => new NetworkFault { BlackHole = true },
        };
        return fault is null ? null : spec with { Network = fault };
    }

    /// <summary><c>kill_random_mcp_server: every_10min</c> (the first kill one period in) or <c>once</c> (at <c>at</c>).</summary>
    private FaultSpec? ReadKill(DocNode entry, DocNode sizeNode, FaultSpec spec)
    {
        var text = values.String(sizeNode);
        if (text is null)
        {
            return null;
        }

        if (entry["for"].Exists)
        {
            return (FaultSpec?)Reject(entry["for"], "a kill has no 'for': it lasts until the manager has the server running again");
        }

        if (text.Trim() == "once")
        {
            return entry["every"].Exists ? (FaultSpec?)Reject(entry["every"], "'once' and 'every' contradict each other") : spec;
        }

        var match = EveryPattern().Match(text.Trim());
        if (!match.Success || !SuiteUnits.TryParseDuration(match.Groups["n"].Value + match.Groups["unit"].Value.Replace("min", "m", StringComparison.Ordinal), out var period) || period <= TimeSpan.Zero)
        {
            return (FaultSpec?)Reject(sizeNode, $"expected how often to kill, such as every_10min, every_30s or once, got '{text}'");
        }

        if (entry["every"].Exists)
        {
            return (FaultSpec?)Reject(entry["every"], $"the period is already in '{text}'");
        }

        return spec with { Every = period, At = entry["at"].Exists ? spec.At : period };
    }

    /// <summary><c>cache_invalidation: random</c> (at random times, on average every <c>every</c>, 60 s by default) or <c>once</c>.</summary>
    private FaultSpec? ReadInvalidation(DocNode entry, DocNode sizeNode, FaultSpec spec) => values.String(sizeNode)?.Trim() switch
    {
        null => null,
        "once" => entry["every"].Exists ? (FaultSpec?)Reject(entry["every"], "'once' and 'every' contradict each other") : spec,
        "random" => spec with { MeanGap = spec.Every ?? TimeSpan.FromSeconds(60), Every = null },
        var other => (FaultSpec?)Reject(sizeNode, $"expected random (at random times, on average every 'every') or once, got '{other}'"),
    };

    /// <summary><c>disk_space_exhaustion: progressive</c> (or <c>full</c>) with the folder to fill under <c>path</c> and the bytes to leave under <c>leave</c>.</summary>
    private FaultSpec? ReadDiskFill(DocNode entry, DocNode sizeNode, FaultSpec spec)
    {
        var mode = values.String(sizeNode)?.Trim();
        if (mode is not ("progressive" or "full"))
        {
            return mode is null ? null : (FaultSpec?)Reject(sizeNode, $"expected progressive (filled over the fault's length) or full (at once), got '{mode}'");
        }

        if (!entry["path"].Exists)
        {
            Issues.AtKey(sizeNode, "disk_space_exhaustion fills only a folder the suite names: give path (on a disk of its own, such as a small tmpfs the target writes to)");
            return null;
        }

        var path = values.String(entry["path"]);
        var leave = entry["leave"].Exists ? Size(entry["leave"]) : 1024 * 1024;
        if (path is null || leave is null)
        {
            return null;
        }

        var full = System.IO.Path.GetFullPath(path, BaseDirectory);
        return Directory.Exists(full)
            ? spec with { Path = full, Leave = leave.Value, Progressive = mode == "progressive" }
            : (FaultSpec?)Reject(entry["path"], $"no folder '{full}'");
    }

    /// <summary><c>hook: { start: POST /faults/x, stop: DELETE /faults/x }</c>.</summary>
    private FaultSpec? ReadHook(DocNode node, FaultSpec spec)
    {
        if (!values.IsMap(node))
        {
            return null;
        }

        var start = Call(node["start"]);
        var stop = Call(node["stop"]);
        return start is null || stop is null ? null : spec with { Hook = (start, stop), Asked = start.ToString() };
    }

    private HookCall? Call(DocNode node)
    {
        var text = values.String(node);
        var parts = text?.Trim().Split(' ', 2, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (parts is not [var method, var target] || !method.All(char.IsAsciiLetterUpper))
        {
            return text is null ? null : (HookCall?)Reject(node, $"expected a method and a path or loopback URL, such as POST /faults/slow, got '{text}'");
        }

        if (Uri.TryCreate(target, UriKind.Absolute, out var url) && url.Scheme != Uri.UriSchemeFile)
        {
            return Chaos.ServiceCalls.IsLoopback(url) ? new HookCall(method, target) : (HookCall?)Reject(node, $"'{target}' is not on loopback: hooks call 127.0.0.1, ::1 or localhost only");
        }

        return target.StartsWith('/') ? new HookCall(method, target) : (HookCall?)Reject(node, $"expected a path starting with '/' or a loopback URL, got '{target}'");
    }

    /// <summary><c>cpu_throttling: 50%</c> (of the machine's cores), <c>memory_pressure: 90%_usage</c>, <c>database_connection_drop: 10%</c>.</summary>
    private FaultSpec? ReadShare(string name, DocNode sizeNode, FaultSpec spec)
    {
        var text = values.String(sizeNode)?.Trim();
        if (text is null)
        {
            return null;
        }

        var written = name == "memory_pressure" && text.EndsWith("_usage", StringComparison.Ordinal) ? text[..^"_usage".Length] : text;
        var (low, high, example) = name switch
        {
            "cpu_throttling" => (0.0, 100.0, "50% (of the machine's cores)"),
            "packet_loss" => (0.0, 100.0, "5% (of the packets each way)"),
            "memory_pressure" => (0.0, 100.0, "90%_usage (the memory in use as a share of a limit set when the fault starts)"),
            _ => (-1.0, 100.0, "10% (of database sessions)"),
        };
        return SuiteUnits.TryParsePercentage(written, out var percent) && percent > low && percent <= high && !(name == "memory_pressure" && percent >= 100)
            ? spec with { Share = percent / 100 }
            : (FaultSpec?)Reject(sizeNode, $"expected a share such as {example}, got '{text}'");
    }

    private long? Size(DocNode node)
    {
        var text = values.String(node);
        var match = text is null ? null : SizePattern().Match(text.Trim());
        if (match is not { Success: true })
        {
            return text is null ? null : (long?)Reject(node, $"expected a size such as 1MB, 512KB or 2GB, got '{text}'");
        }

        var number = double.Parse(match.Groups["n"].Value, CultureInfo.InvariantCulture);
        return (long)(number * match.Groups["unit"].Value switch
        {
            "KB" or "KiB" => 1024.0,
            "MB" or "MiB" => 1024.0 * 1024,
            "GB" or "GiB" => 1024.0 * 1024 * 1024,
            _ => 1.0,
        });
    }

    private TimeSpan? Latency(DocNode node)
    {
        var text = values.String(node);
        if (text is null)
        {
            return null;
        }

        return SuiteUnits.TryParseDuration(text.TrimStart('+').Trim(), out var latency) && latency > TimeSpan.Zero
            ? latency
            : (TimeSpan?)Reject(node, $"expected an added latency such as +100ms, got '{text}'");
    }

    private double? Bandwidth(DocNode node)
    {
        var text = values.String(node);
        var match = text is null ? null : BandwidthPattern().Match(text.Trim());
        if (match is not { Success: true })
        {
            return text is null ? null : (double?)Reject(node, $"expected a bandwidth such as 10Mbps, 500Kbps or 2MB/s, got '{text}'");
        }

        var number = double.Parse(match.Groups["n"].Value, CultureInfo.InvariantCulture);
        var bytesPerSecond = match.Groups["unit"].Value switch
        {
            "Kbps" or "Kbit/s" => number * 1000 / 8,
            "Mbps" or "Mbit/s" => number * 1_000_000 / 8,
            "Gbps" or "Gbit/s" => number * 1_000_000_000 / 8,
            "KB/s" => number * 1024,
            "MB/s" => number * 1024 * 1024,
            _ => number,
        };
        return bytesPerSecond > 0 ? bytesPerSecond : (double?)Reject(node, "a bandwidth must be above 0");
    }

    private IPEndPoint? Loopback(DocNode node)
    {
        var text = values.String(node);
        if (text is null)
        {
            return null;
        }

        var loopback = text.Replace("localhost", "127.0.0.1", StringComparison.OrdinalIgnoreCase);
        if (!IPEndPoint.TryParse(loopback, out var endpoint) || endpoint.Port == 0)
        {
            return (IPEndPoint?)Reject(node, $"expected a loopback address and port such as 127.0.0.1:6432, got '{text}'");
        }

        return IPAddress.IsLoopback(endpoint.Address)
            ? endpoint
            : (IPEndPoint?)Reject(node, $"'{text}' is not on loopback: Redline's proxies listen and forward on 127.0.0.1 or ::1 only");
    }

    private object? Reject(DocNode node, string message)
    {
        Issues.AtValue(node, message);
        return null;
    }

    [GeneratedRegex(@"^every[_ ]?(?<n>[0-9]+(\.[0-9]+)?)\s*(?<unit>min|ms|s|m|h)$", RegexOptions.CultureInvariant)]
    private static partial Regex EveryPattern();

    [GeneratedRegex(@"^(?<n>[0-9]+(\.[0-9]+)?)\s*(?<unit>B|KB|KiB|MB|MiB|GB|GiB)$", RegexOptions.CultureInvariant)]
    private static partial Regex SizePattern();

    [GeneratedRegex(@"^(?<n>[0-9]+(\.[0-9]+)?)\s*(?<unit>Kbps|Mbps|Gbps|Kbit/s|Mbit/s|Gbit/s|KB/s|MB/s|B/s)$", RegexOptions.CultureInvariant)]
    private static partial Regex BandwidthPattern();
}
