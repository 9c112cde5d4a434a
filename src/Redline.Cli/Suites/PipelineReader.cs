using System.Globalization;
using System.Text.RegularExpressions;
using Redline.Results.History;

namespace Redline.Cli.Suites;

/// <summary>Reads a suite's <c>pipeline:</c> (what <c>redline ci</c> runs) and <c>retention:</c> (how long its history is kept).</summary>
internal sealed partial class PipelineReader(ValueReader values, string baseDirectory, IReadOnlyList<string> scenarios)
{
    private SuiteIssues Issues => values.Issues;

    /// <summary>The pipeline; null when the node is absent or has errors (reported).</summary>
    public PipelineSpec? Read(DocNode node)
    {
        if (!values.IsMap(node))
        {
            return null;
        }

        var ok = true;
        var tests = new Dictionary<string, TestSetSpec>(StringComparer.Ordinal);
        if (node["tests"].Exists && values.IsMap(node["tests"]))
        {
            foreach (var (name, setNode) in node["tests"].Entries)
            {
                if (ReadSet(name, setNode) is { } set)
                {
                    tests[name] = set;
                }
                else
                {
                    ok = false;
                }
            }
        }

        // A set with a mistake of its own is still declared: a trigger naming it is not a second mistake.
        var declared = values.IsMap(node["tests"]) ? node["tests"].Entries.Select(e => e.Key).ToHashSet(StringComparer.Ordinal) : [];
        var triggers = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var item in values.IsList(node["triggers"]) ? node["triggers"].Items : [])
        {
            if (!values.IsMap(item) || values.String(item["on"]) is not { } on || values.ScalarList(item["tests"]) is not { } names)
            {
                ok = false;
                continue;
            }

            var trigger = on == "push_to_main" ? "push" : on;
            if (triggers.ContainsKey(trigger))
            {
                Issues.AtValue(item["on"], $"the trigger '{trigger}' is given twice; list all its tests in one entry");
                ok = false;
                continue;
            }

            var unknown = names.Select((n, i) => (Name: n, Node: item["tests"].Items.ElementAt(i)))
                .Where(t => t.Name != PipelineSpec.FullSuite && !declared.Contains(t.Name) && !scenarios.Contains(t.Name, StringComparer.Ordinal))
                .ToList();
            foreach (var (name, at) in unknown)
            {
                Issues.AtValue(at, $"no test set or scenario named '{name}'; define it under pipeline.tests, name a scenario ({string.Join(", ", scenarios)}) or use {PipelineSpec.FullSuite}");
            }

            ok &= unknown.Count == 0;
            triggers[trigger] = names;
        }

        var preflight = ReadPreflight(node["preflight"]);
        var stability = ReadStability(node["stability"]);
        return ok && preflight is not null && stability is not null ? new PipelineSpec(triggers, tests, preflight, stability) : null;
    }

    /// <summary>The retention policy; null when the node is absent or has errors (reported).</summary>
    public RetentionPolicy? ReadRetention(DocNode node)
    {
        if (!values.IsMap(node))
        {
            return null;
        }

        var defaults = RetentionPolicy.Default;
        var raw = Horizon(node["raw_data"]) ?? defaults.RawIntervals;
        var hourly = Horizon(node["aggregated_hourly"]) ?? defaults.HourlyRollups;
        var daily = Horizon(node["aggregated_daily"]) ?? defaults.DailyRollups;
        if (!(raw <= hourly && hourly <= daily))
        {
            Issues.AtValue(node, "the horizons must grow: raw_data <= aggregated_hourly <= aggregated_daily");
            return null;
        }

        return new RetentionPolicy(raw, hourly, daily);
    }

    private TestSetSpec? ReadSet(string name, DocNode node)
    {
        if (!values.IsMap(node))
        {
            return null;
        }

        var kinds = new[] { "scenarios", "bench", "import" }.Where(k => node[k].Exists).ToList();
        if (kinds.Count != 1)
        {
            Issues.AtValue(node, kinds.Count == 0
                ? "a test set gives one of scenarios (this suite's scenarios), bench (a BenchmarkDotNet project) or import (a results file)"
                : $"'{kinds[0]}' and '{kinds[1]}' cannot both be given; a test set is one of scenarios, bench or import");
            return null;
        }

        var listed = values.ScalarList(node["scenarios"]) ?? [];
        var unknown = listed.Select((s, i) => (Name: s, Node: node["scenarios"].Items.ElementAt(i))).Where(s => !scenarios.Contains(s.Name, StringComparer.Ordinal)).ToList();
        foreach (var (scenario, at) in unknown)
        {
            Issues.AtValue(at, $"no scenario named '{scenario}' in this suite; it has {string.Join(", ", scenarios)}");
        }

        var bench = values.String(node["bench"]);
        var import = values.String(node["import"]);
        if ((bench is not null || import is not null) && (node["duration"].Exists || node["scale"].Exists))
        {
            Issues.AtKey(node[node["duration"].Exists ? "duration" : "scale"], "duration and scale apply to scenarios, not to micro-benchmarks");
            return null;
        }

        if (node["args"].Exists && bench is null)
        {
            Issues.AtKey(node["args"], "args are passed to a bench project; this set has none");
            return null;
        }

        if (node["format"].Exists && import is null)
        {
            Issues.AtKey(node["format"], "format names the format of an import; this set has none");
            return null;
        }

        var duration = node["duration"].Exists ? values.PositiveDuration(node["duration"]) : null;
        var scale = node["scale"].Exists ? values.Number(node["scale"]) : null;
        return unknown.Count == 0 && (duration is not null || !node["duration"].Exists) && (scale is not null || !node["scale"].Exists)
            ? new TestSetSpec(
                name,
                listed,
                duration,
                scale,
                bench is null ? null : Path.GetFullPath(Path.Combine(baseDirectory, bench)),
                values.ScalarList(node["args"]) ?? [],
                import is null ? null : Path.GetFullPath(Path.Combine(baseDirectory, import)),
                values.String(node["format"]),
                values.ScalarList(node["paths"]) ?? [])
            : null;
    }

    private PreflightLimits? ReadPreflight(DocNode node)
    {
        if (!node.Exists)
        {
            return PreflightLimits.Default;
        }

        var defaults = PreflightLimits.Default;
        var cpu = node["cpu_idle"].Exists ? values.Percentage(node["cpu_idle"]) : defaults.CpuIdlePercent;
        var memory = node["memory_available"].Exists ? Size(node["memory_available"]) : defaults.MemoryAvailableBytes;
        var disk = node["disk_space"].Exists ? Size(node["disk_space"]) : defaults.DiskFreeBytes;
        return cpu is { } c && memory is { } m && disk is { } d ? new PreflightLimits(c, m, d) : null;
    }

    private StabilityLimits? ReadStability(DocNode node)
    {
        if (!node.Exists)
        {
            return StabilityLimits.Default;
        }

        var widen = node["widen_above"].Exists ? values.Percentage(node["widen_above"]) : StabilityLimits.Default.WidenAbovePercent;
        var fail = node["fail_above"].Exists ? values.Percentage(node["fail_above"]) : StabilityLimits.Default.FailAbovePercent;
        if (widen is { } w && fail is { } f && w >= f)
        {
            Issues.AtValue(node["fail_above"].Exists ? node["fail_above"] : node, "fail_above must be above widen_above");
            return null;
        }

        return widen is { } a && fail is { } b ? new StabilityLimits(a, b) : null;
    }

    private long? Size(DocNode node)
    {
        var match = node.AsString is { } text ? SizePattern().Match(text) : Match.Empty;
        if (!match.Success)
        {
            Issues.AtValue(node, SuiteMessages.Expected("size", node, values.Map));
            return null;
        }

        var unit = match.Groups["unit"].Value;
        var power = "BKMGT".IndexOf(unit[0], StringComparison.Ordinal);
        var factor = Math.Pow(unit.Contains('i', StringComparison.Ordinal) ? 1024 : 1000, power);
        return (long)(double.Parse(match.Groups["value"].Value, CultureInfo.InvariantCulture) * factor);
    }

    /// <summary>A retention horizon: <c>7 days</c>, <c>30 days</c>, <c>1 year</c>, <c>2 weeks</c> or <c>168h</c>.</summary>
    private TimeSpan? Horizon(DocNode node)
    {
        if (!node.Exists)
        {
            return null;
        }

        var match = node.AsString is { } text ? HorizonPattern().Match(text) : Match.Empty;
        if (!match.Success)
        {
            Issues.AtValue(node, SuiteMessages.Expected("horizon", node, values.Map));
            return null;
        }

        var hours = match.Groups["unit"].Value[0] switch
        {
            'h' => 1,
            'd' => 24,
            'w' => 24 * 7,
            _ => 24 * 365,
        };
        var span = TimeSpan.FromHours(double.Parse(match.Groups["value"].Value, CultureInfo.InvariantCulture) * hours);
        if (span <= TimeSpan.Zero)
        {
            Issues.AtValue(node, "expected a horizon above 0");
            return null;
        }

        return span;
    }

    [GeneratedRegex(@"^(?<value>[0-9]+(\.[0-9]+)?) ?(?<unit>h|hours?|d|days?|w|weeks?|y|years?)$")]
    private static partial Regex HorizonPattern();

    [GeneratedRegex(@"^(?<value>[0-9]+(\.[0-9]+)?) ?(?<unit>B|KB|MB|GB|TB|KiB|MiB|GiB|TiB)$")]
    private static partial Regex SizePattern();
}
