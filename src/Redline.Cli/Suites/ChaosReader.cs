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

/// <summary>One fault of a scenario's <c>chaos:</c> list, checked.</summary>
/// <param name="Name">The fault in the suite's words (<c>latency_injection</c>).</param>
/// <param name="Asked">Its size as written (<c>+100ms</c>).</param>
/// <param name="On"><c>target</c> or a proxy's name.</param>
/// <param name="At">When it starts, from the scenario's start.</param>
/// <param name="For">How long it lasts; null to the scenario's end.</param>
/// <param name="Every">How often it starts again; null for once.</param>
/// <param name="Fault">What the proxy does while it is on.</param>
internal sealed record FaultSpec(string Name, string Asked, string On, TimeSpan At, TimeSpan? For, TimeSpan? Every, NetworkFault Fault)
{
    /// <summary>What <c>on:</c> means when it is left out: the traffic Redline sends.</summary>
    public const string Target = "target";
}

/// <summary>Reads <c>proxies:</c> and each scenario's <c>chaos:</c>; the schema has checked their shapes, this checks what they say.</summary>
/// <param name="values">Reads and reports.</param>
internal sealed partial class ChaosReader(ValueReader values)
{
    private static readonly string[] NetworkFaults = ["latency_injection", "bandwidth_limitation", "connection_reset", "database_connection_drop", "black_hole"];

    private static readonly Dictionary<string, string> NotYet = new(StringComparer.Ordinal)
    {
        ["packet_loss"] = "real packet loss needs nftables in a network namespace Redline makes, which this version does not do yet (a proxy that dropped bytes would not be packet loss)",
        ["kill_random_mcp_server"] = "killing the reference deployment's MCP servers is not available yet",
        ["cache_invalidation"] = "invalidating the reference deployment's cache is not available yet",
        ["cpu_throttling"] = "a CPU quota through the machine's cgroups is not available yet",
        ["memory_pressure"] = "a memory limit through the machine's cgroups is not available yet",
        ["disk_space_exhaustion"] = "a progressive disk fill is not available yet",
    };

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

        var kinds = entry.Entries.Where(e => NetworkFaults.Contains(e.Key) || NotYet.ContainsKey(e.Key)).ToList();
        if (kinds.Count != 1)
        {
            Issues.AtValue(entry, kinds.Count == 0
                ? $"a fault needs one of {string.Join(", ", NetworkFaults)}"
                : $"one fault per entry; this one has {string.Join(" and ", kinds.Select(k => k.Key))}");
            return null;
        }

        var (name, sizeNode) = kinds[0];
        if (NotYet.TryGetValue(name, out var why))
        {
            Issues.AtKey(sizeNode, $"'{name}' is not available yet: {why}");
            return null;
        }

        var on = entry["on"].Exists ? values.String(entry["on"]) : FaultSpec.Target;
        if (on is null)
        {
            return null;
        }

        if (on != FaultSpec.Target && proxies is not null && !proxies.ContainsKey(on))
        {
            Issues.AtValue(entry["on"], proxies.Count == 0
                ? $"unknown proxy '{on}': name it under proxies (listen, upstream), or write on: target"
                : $"unknown proxy '{on}'; the proxies are {SuiteMessages.List([.. proxies.Keys])}, or target");
            return null;
        }

        if (name == "database_connection_drop" && on == FaultSpec.Target)
        {
            Issues.AtValue(entry["on"].Exists ? entry["on"] : sizeNode, "database_connection_drop acts on the connections to a database: put a proxy in front of it under proxies and name it with on:");
            return null;
        }

        var at = entry["at"].Exists ? values.Duration(entry["at"]) : TimeSpan.Zero;
        var length = entry["for"].Exists ? values.PositiveDuration(entry["for"]) : null;
        var every = entry["every"].Exists ? values.PositiveDuration(entry["every"]) : null;
        var jitter = entry["jitter"].Exists ? values.Duration(entry["jitter"]) : TimeSpan.Zero;
        var direction = values.String(entry["direction"]) switch
        {
            "up" => FaultDirection.Up,
            "both" => FaultDirection.Both,
            _ => FaultDirection.Down,
        };
        if (at is null || (entry["for"].Exists && length is null) || (entry["every"].Exists && every is null) || jitter is null)
        {
            return null;
        }

        if (every is { } period && length is { } span && span >= period)
        {
            Issues.AtValue(entry["every"], $"'every' ({values.Scalar(entry["every"])}) must be longer than 'for' ({values.Scalar(entry["for"])}), or the fault would never end");
            return null;
        }

        if (every is not null && length is null)
        {
            Issues.AtKey(entry["every"], "a fault that repeats needs 'for': how long each time lasts");
            return null;
        }

        var asked = values.Scalar(sizeNode) ?? "";
        NetworkFault? fault = name switch
        {
            "latency_injection" => Latency(sizeNode) is { } latency ? new NetworkFault { Latency = latency, Jitter = jitter.Value, Direction = direction } : null,
            "bandwidth_limitation" => Bandwidth(sizeNode) is { } rate ? new NetworkFault { BytesPerSecond = rate, Direction = direction } : null,
            "connection_reset" or "database_connection_drop" => values.Percentage(sizeNode) is { } share and >= 0 and <= 100 ? new NetworkFault { ResetShare = share / 100 } : (NetworkFault?)Reject(sizeNode, "expected a share of connections from 0% to 100%"),
            _ => new NetworkFault { BlackHole = true },
        };
        return fault is null ? null : new FaultSpec(name, asked, on, at.Value, length, every, fault);
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

    [GeneratedRegex(@"^(?<n>[0-9]+(\.[0-9]+)?)\s*(?<unit>Kbps|Mbps|Gbps|Kbit/s|Mbit/s|Gbit/s|KB/s|MB/s|B/s)$", RegexOptions.CultureInvariant)]
    private static partial Regex BandwidthPattern();
}
