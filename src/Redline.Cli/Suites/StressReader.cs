using Redline.Engine;

namespace Redline.Cli.Suites;

/// <summary>
/// Reads a scenario's <c>stop_condition:</c>, <c>search:</c> and <c>recovery:</c> into its stress plan;
/// the schema has checked their shapes, this checks what they say.
/// </summary>
/// <param name="values">Reads and reports.</param>
internal sealed class StressReader(ValueReader values)
{
    private SuiteIssues Issues => values.Issues;

    /// <summary>The stress spec of <paramref name="scenario"/>; <paramref name="ok"/> is false when something in it is wrong.</summary>
    public StressSpec? Read(DocNode scenario, LoadProfile? load, IReadOnlyList<MixEntry>? mix, out bool ok)
    {
        ok = true;
        var stop = scenario["stop_condition"];
        var search = scenario["search"];
        var recovery = scenario["recovery"];
        if (!stop.Exists)
        {
            foreach (var orphan in new[] { search, recovery }.Where(n => n.Exists))
            {
                Issues.AtKey(orphan, $"'{orphan.Key}' follows a break; give the scenario a stop_condition such as \"5% error rate OR p95 > 5s\"");
                ok = false;
            }

            return null;
        }

        var condition = ReadCondition(stop, mix);
        var bisect = ReadSearch(search);
        var drop = ReadRecovery(recovery, load);
        ok = condition is not null && (!search.Exists || bisect is not null) && (!recovery.Exists || drop is not null);
        return ok ? new StressSpec(condition!, bisect, drop) : null;
    }

    private StopCondition? ReadCondition(DocNode node, IReadOnlyList<MixEntry>? mix)
    {
        var expressionNode = node.IsMap ? node["when"] : node;
        if (values.String(expressionNode) is not { } expression)
        {
            return null;
        }

        var condition = StopCondition.TryParse(expression, out var error);
        if (condition is null)
        {
            Issues.AtValue(expressionNode, error!);
            return null;
        }

        var scoped = condition.AnyOf.SelectMany(g => g).FirstOrDefault(t => t.Component is { } name && mix is not null && mix.All(m => m.Component.Name != name));
        if (scoped is not null)
        {
            Issues.AtValue(expressionNode, $"component '{scoped.Component}' is not in this scenario's request_mix; the components are {SuiteMessages.List([.. (mix ?? []).Select(m => m.Component.Name)])}");
            return null;
        }

        if (!node.IsMap)
        {
            return condition;
        }

        var window = values.PositiveDuration(node["window"]);
        var minSamples = values.Integer(node["min_samples"], 1);
        if ((node["window"].Exists && window is null) || (node["min_samples"].Exists && minSamples is null))
        {
            return null;
        }

        return condition with { Window = window ?? StopCondition.DefaultWindow, MinSamples = minSamples ?? StopCondition.DefaultMinSamples };
    }

    private SearchSpec? ReadSearch(DocNode node)
    {
        if (!node.Exists)
        {
            return null;
        }

        if (!node.IsMap)
        {
            return values.String(node) == "bisect" ? new SearchSpec(BisectPlan.DefaultProbes, null) : Reject<SearchSpec>(node, "expected 'bisect' or a map with mode: bisect");
        }

        var probes = values.Integer(node["probes"], 1, 10);
        var hold = values.PositiveDuration(node["hold"]);
        if ((node["probes"].Exists && probes is null) || (node["hold"].Exists && hold is null))
        {
            return null;
        }

        return new SearchSpec(probes ?? BisectPlan.DefaultProbes, hold);
    }

    private RecoveryPlan? ReadRecovery(DocNode node, LoadProfile? load)
    {
        if (!node.Exists || !values.IsMap(node))
        {
            return null;
        }

        var length = values.PositiveDuration(node["for"]);
        var users = node["users"];
        var rate = node["rate"];
        if (load is ClosedLoad && rate.Exists)
        {
            return Reject<RecoveryPlan>(rate, "the closed model drops to a number of users: write users: N");
        }

        if (load is OpenLoad && users.Exists)
        {
            return Reject<RecoveryPlan>(users, "the open model drops to an arrival rate: write rate: N/s");
        }

        if (!users.Exists && !rate.Exists)
        {
            return Reject<RecoveryPlan>(node, load is OpenLoad ? "say what the load drops to: rate: N/s" : "say what the load drops to: users: N");
        }

        double? level = users.Exists ? values.Integer(users, 0) : values.Rate(rate);
        return level is { } l && length is { } d ? new RecoveryPlan(l, d) : null;
    }

    private T? Reject<T>(DocNode node, string message)
        where T : class
    {
        Issues.AtValue(node, message);
        return null;
    }
}

/// <summary>A scenario's stress settings as written: its stop condition, the search for the break and the recovery.</summary>
/// <param name="Condition">The stop condition.</param>
/// <param name="Search">The bisection, when asked for.</param>
/// <param name="Recovery">The recovery phase, when asked for.</param>
internal sealed record StressSpec(StopCondition Condition, SearchSpec? Search, RecoveryPlan? Recovery)
{
    /// <summary>The engine's plan for <paramref name="load"/> (after --duration and --scale), the recovery level scaled by <paramref name="scale"/>.</summary>
    public StressPlan ToPlan(LoadProfile load, double scale)
    {
        var stages = StageSpan.Of(load);
        var step = stages.Count > 0 ? stages.Max(s => s.End - s.Start) : load.Duration;
        return new StressPlan(Condition)
        {
            Bisect = Search is { } search ? new BisectPlan(search.Probes, search.Hold ?? (step < TimeSpan.FromMinutes(1) ? step : TimeSpan.FromMinutes(1))) : null,
            Recovery = Recovery is { } recovery ? recovery with { Level = load is ClosedLoad ? Math.Round(recovery.Level * scale) : recovery.Level * scale } : null,
        };
    }
}

/// <summary>How the break is narrowed: how many levels to try and how long each is held (null: the stage's length, at most a minute).</summary>
/// <param name="Probes">How many levels.</param>
/// <param name="Hold">How long each is held.</param>
internal sealed record SearchSpec(int Probes, TimeSpan? Hold);
