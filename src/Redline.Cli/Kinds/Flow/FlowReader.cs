using Redline.Cli.Suites;
using Redline.Protocols.Templates;

namespace Redline.Cli.Kinds.Flow;

/// <summary>
/// The semantic checks of a <c>flow:</c> list, and the <see cref="FlowSpec"/> they build. A step's body
/// is read by the kind its key names, so any kind a step may be works in a flow with no change here.
/// </summary>
internal sealed class FlowReader(KindReading reading, IReadOnlyList<IComponentKind> stepKinds)
{
    private ValueReader Values => reading.Values;

    private SuiteIssues Issues => reading.Values.Issues;

    /// <summary>The flow, or null when it has errors (reported with their positions).</summary>
    public FlowSpec? Read(DocNode node)
    {
        if (!Values.IsList(node))
        {
            return null;
        }

        var items = node.Items.ToList();
        if (items.Count == 0)
        {
            Issues.AtValue(node, "expected at least one step");
            return null;
        }

        var steps = new List<FlowStepSpec?>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        var captured = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in items)
        {
            var step = ReadStep(item, captured);
            if (item["name"].AsString is { } name && !names.Add(name))
            {
                Issues.AtValue(item["name"], $"the flow already has a step named '{name}'; step names are unique within a flow");
                step = null;
            }

            steps.Add(step);
        }

        return steps.All(s => s is not null) ? new FlowSpec([.. steps.Select(s => s!)]) : null;
    }

    private FlowStepSpec? ReadStep(DocNode node, HashSet<string> captured)
    {
        if (!Values.IsMap(node))
        {
            return null;
        }

        var name = Values.String(node["name"]);
        if (!node["name"].Exists)
        {
            Issues.AtValue(node, "missing required key 'name'");
        }

        var kind = ReadKind(node);
        var spec = kind?.Read(node[kind.Key], reading with { InFlow = true });
        var placeholdersValid = kind is null || CheckPlaceholders(node[kind.Key], captured);
        var captures = ReadCaptures(node["capture"]);
        var once = Values.String(node["once"]);
        if (once is not null && once != "per_user")
        {
            Issues.AtValue(node["once"], $"expected per_user, got '{once}'");
        }

        foreach (var capture in captures ?? [])
        {
            captured.Add(capture.Name);
        }

        return name is not null && kind is not null && spec is not null && placeholdersValid && captures is not null && (once is null || once == "per_user")
            ? new FlowStepSpec(name, kind, spec, captures, once is not null)
            : null;
    }

    private IComponentKind? ReadKind(DocNode step)
    {
        var present = stepKinds.Where(k => step[k.Key].Exists).ToList();
        var keys = SuiteMessages.Either(stepKinds.Select(k => k.Key).ToList());
        if (step["flow"].Exists)
        {
            Issues.AtKey(step["flow"], "a flow cannot be a step of a flow; list its steps here instead");
            return null;
        }

        if (present.Count == 0)
        {
            Issues.AtValue(step, $"the step has no kind; a step has exactly one of {keys}");
            return null;
        }

        foreach (var extra in present.Skip(1))
        {
            Issues.AtKey(step[extra.Key], $"'{present[0].Key}' and '{extra.Key}' cannot both be given; a step has exactly one of {keys}");
        }

        return present.Count == 1 ? present[0] : null;
    }

    private List<ValueCapture>? ReadCaptures(DocNode node)
    {
        if (!node.Exists)
        {
            return [];
        }

        if (!Values.IsMap(node))
        {
            return null;
        }

        var captures = new List<ValueCapture>();
        var valid = true;
        foreach (var (name, expressionNode) in node.Entries)
        {
            var expression = Values.String(expressionNode);
            if (!TextTemplate.IsValueName(name))
            {
                Issues.AtKey(expressionNode, $"'{name}' cannot name a captured value; expected a letter or '_', then letters, digits and '_' (not 'iteration' or 'vu')");
                valid = false;
            }
            else if (expression is not null)
            {
                if (ValueCapture.TryCreate(name, expression, out var problem) is { } capture)
                {
                    captures.Add(capture);
                }
                else
                {
                    Issues.AtValue(expressionNode, problem!);
                    valid = false;
                }
            }
            else
            {
                valid = false;
            }
        }

        return valid ? captures : null;
    }

    /// <summary>Reports, at the value that holds it, each placeholder of the step's body that names a value no earlier step captures.</summary>
    private bool CheckPlaceholders(DocNode node, HashSet<string> captured)
    {
        if (node.IsMap || node.IsList)
        {
            var children = node.IsMap ? node.Entries.Select(e => e.Node) : node.Items;
            return children.Aggregate(true, (valid, child) => CheckPlaceholders(child, captured) & valid);
        }

        var missing = node.AsString is { } text
            ? TextTemplate.PlaceholdersIn(text).Where(p => TextTemplate.IsValueName(p) && !captured.Contains(p)).Distinct().ToList()
            : [];
        foreach (var name in missing)
        {
            var known = captured.Count == 0 ? "no earlier step captures anything" : $"earlier steps capture {string.Join(", ", captured.Order(StringComparer.Ordinal))}";
            Issues.AtValue(node, $"'{{{{{name}}}}}' is not captured by an earlier step of this flow ({known})");
        }

        return missing.Count == 0;
    }
}
