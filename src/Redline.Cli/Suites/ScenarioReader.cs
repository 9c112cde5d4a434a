using Redline.Engine;

namespace Redline.Cli.Suites;

/// <summary>Checks the <c>scenarios:</c> map and builds a <see cref="ScenarioSpec"/> for each scenario.</summary>
/// <param name="values">Reads and reports.</param>
/// <param name="componentNames">Every component name in the file, valid or not, so references are checked without cascades.</param>
/// <param name="components">The components that loaded without errors, by name.</param>
internal sealed class ScenarioReader(ValueReader values, IReadOnlyList<string> componentNames, IReadOnlyDictionary<string, ComponentSpec> components)
{
    private readonly LoadReader _load = new(values);
    private readonly StressReader _stress = new(values);
    private ChaosReader? _chaos;

    /// <summary>The suite's proxies, for the faults' <c>on:</c>; null when they did not read.</summary>
    public IReadOnlyDictionary<string, ProxySpec>? Proxies { get; init; }

    /// <summary>Whether the suite has Redline start the target, which resource faults need.</summary>
    public bool TargetStarted { get; init; }

    /// <summary>The suite file's folder.</summary>
    public string BaseDirectory { get; init; } = ".";

    private SuiteIssues Issues => values.Issues;

    /// <summary>The scenarios in file order, or null when any has errors.</summary>
    public IReadOnlyList<ScenarioSpec>? ReadAll(DocNode scenarios, int suiteSeed)
    {
        if (!values.IsMap(scenarios))
        {
            return null;
        }

        var specs = scenarios.Entries.Select(e => Read(e.Key, e.Node, suiteSeed)).ToList();
        return specs.Count > 0 && specs.All(s => s is not null) ? [.. specs.OfType<ScenarioSpec>()] : null;
    }

    private ScenarioSpec? Read(string name, DocNode scenario, int suiteSeed)
    {
        if (!values.IsMap(scenario))
        {
            return null;
        }

        var description = values.String(scenario["description"]);
        var load = _load.Read(scenario["load"]);
        var mix = ReadMix(scenario["request_mix"]);
        var criteria = ReadCriteria(scenario["success_criteria"], mix);
        var abortOnFail = values.Boolean(scenario["abort_on_fail"]) ?? false;
        var abortDelay = values.Duration(scenario["abort_delay"]) ?? TimeSpan.Zero;
        var gracefulStop = values.Duration(scenario["graceful_stop"]) ?? ScenarioPlan.DefaultGracefulStop;
        var warmUp = values.Duration(scenario["warmup"]) ?? TimeSpan.Zero;
        var seed = values.Integer(scenario["seed"]) ?? suiteSeed;
        var repeat = values.Integer(scenario["repeat"], 1, ScenarioSpec.MaxRepeats) ?? 1;
        var generator = ReadGenerator(scenario["generator"]);
        var stress = _stress.Read(scenario, load, mix, out var stressOk);
        _chaos ??= new ChaosReader(values) { TargetStarted = TargetStarted, BaseDirectory = BaseDirectory, ComponentNames = componentNames };
        var chaos = _chaos.ReadFaults(scenario["chaos"], Proxies);
        return load is not null && mix is not null && criteria is not null && generator is not null && stressOk && chaos is not null
            ? new ScenarioSpec(name, description, load, mix, criteria, abortOnFail, abortDelay, gracefulStop, seed, generator) { Repeat = repeat, Stress = stress, Chaos = chaos, WarmUp = warmUp }
            : null;
    }

    private List<MixEntry>? ReadMix(DocNode node)
    {
        if (!node.Exists)
        {
            return componentNames.Count > 0 && componentNames.All(components.ContainsKey)
                ? [.. componentNames.Select(n => new MixEntry(components[n], 100.0 / componentNames.Count))]
                : null;
        }

        if (!values.IsMap(node))
        {
            return null;
        }

        var mix = new List<MixEntry>();
        var complete = true;
        foreach (var (name, share) in node.Entries)
        {
            var percent = values.Percentage(share);
            var known = componentNames.Contains(name);
            if (!known)
            {
                Issues.AtKey(share, UnknownComponent(name));
            }

            if (known && percent is 0)
            {
                Issues.AtValue(share, "a share must be above 0%; leave the component out instead");
            }

            if (known && percent > 0 && components.TryGetValue(name, out var component))
            {
                mix.Add(new MixEntry(component, percent.Value));
            }
            else
            {
                complete = false;
            }
        }

        var parsed = node.Entries.Select(e => e.Node.AsString is { } s && SuiteUnits.TryParsePercentage(s, out var p) ? p : (double?)null).ToList();
        if (parsed.Count > 0 && parsed.All(p => p is not null) && Math.Abs(parsed.Sum()!.Value - 100) > 1e-6)
        {
            Issues.AtKey(node, $"the shares add up to {SuiteUnits.Format(parsed.Sum()!.Value)}%; they must add up to 100%");
            complete = false;
        }

        return complete && mix.Count > 0 ? mix : null;
    }

    private List<Criterion>? ReadCriteria(DocNode node, IReadOnlyList<MixEntry>? mix)
    {
        if (!values.IsMap(node))
        {
            return node.Exists ? null : [];
        }

        var criteria = new List<Criterion>();
        var complete = true;
        foreach (var (name, expressionNode) in node.Entries)
        {
            if (name == "no_cascading_failures")
            {
                // The design's yes-or-no criterion: no component goes past what a fault allows it.
                switch (values.Boolean(expressionNode))
                {
                    case true:
                        criteria.Add(Criterion.TryParse("cascading_failures", "<1", out _)!);
                        break;
                    case null:
                        complete = false;
                        break;
                }

                continue;
            }

            if (values.String(expressionNode) is not { } expression)
            {
                complete = false;
                continue;
            }

            var criterion = Criterion.TryParse(name, expression, out var error);
            if (criterion is null)
            {
                // An unknown metric is the key's fault; a bad threshold or unit is the value's.
                if (error!.StartsWith("unknown metric", StringComparison.Ordinal))
                {
                    var metric = name[(name.LastIndexOf('.') + 1)..];
                    Issues.AtKey(expressionNode, SuiteMessages.Suggest(metric, Criterion.MetricNames) is { } close
                        ? $"unknown metric '{metric}'; did you mean '{close}'?"
                        : error);
                }
                else
                {
                    Issues.AtValue(expressionNode, error);
                }

                complete = false;
            }
            else if (criterion.Component is { } scope && !componentNames.Contains(scope) && !IsStep(scope))
            {
                Issues.AtKey(expressionNode, UnknownComponent(scope));
                complete = false;
            }
            else if (criterion.Component is { } used && mix is not null && mix.All(m => m.Component.Name != ComponentOf(used)))
            {
                Issues.AtKey(expressionNode, $"component '{used}' is not in this scenario's request_mix, so it has no measurements");
                complete = false;
            }
            else
            {
                criteria.Add(criterion);
            }
        }

        return complete ? criteria : null;
    }

    private GeneratorLimits? ReadGenerator(DocNode node)
    {
        if (!values.IsMap(node))
        {
            return node.Exists ? null : GeneratorLimits.Default;
        }

        var lag = values.PositiveDuration(node["max_schedule_lag_p99"]);
        var cpu = values.Percentage(node["max_cpu"]);
        if (cpu is <= 0 or > 100)
        {
            Issues.AtValue(node["max_cpu"], $"expected a percentage above 0% and at most 100%, got '{node["max_cpu"].AsString}'");
            return null;
        }

        if ((node["max_schedule_lag_p99"].Exists && lag is null) || (node["max_cpu"].Exists && cpu is null))
        {
            return null;
        }

        return new GeneratorLimits(lag ?? GeneratorLimits.Default.MaxScheduleLagP99, cpu ?? GeneratorLimits.Default.MaxCpuPercent);
    }

    /// <summary>Whether <paramref name="scope"/> is <c>component.step</c>, a step of a multi-step component (a flow).</summary>
    private bool IsStep(string scope) =>
        scope.IndexOf('.', StringComparison.Ordinal) is > 0 and var dot
        && components.TryGetValue(scope[..dot], out var component)
        && component.Kind.StepNames(component.Spec).Contains(scope[(dot + 1)..]);

    private static string ComponentOf(string scope) => scope.IndexOf('.', StringComparison.Ordinal) is > 0 and var dot ? scope[..dot] : scope;

    private string UnknownComponent(string name)
    {
        return SuiteMessages.Suggest(name, componentNames) is { } close
            ? $"unknown component '{name}'; did you mean '{close}'?"
            : $"unknown component '{name}'; the components are {SuiteMessages.List(componentNames)}";
    }
}
