using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Json.Schema;

namespace Redline.Cli.Suites;

/// <summary>
/// Turns JsonSchema.Net's hierarchical results into issues worded for suite authors. The library's own
/// messages are generic ("The string value is not a match for the indicated regular expression"), so each
/// failing keyword is re-worded from the schema itself, and a value of a named definition (a duration,
/// a rate) gets that definition's message. Of an anyOf's branches only the one that fits the value's type
/// speaks, so a wrong value gives one message, not one per branch.
/// </summary>
internal sealed partial class SchemaIssueTranslator(JsonNode schema, DocNode root, SourceMap map, Func<string, string?> valueMessage)
{
    private readonly List<SuiteIssue> _issues = [];
    private readonly HashSet<(string Pointer, bool AtKey)> _seen = [];

    /// <summary>The issues of an invalid evaluation, one per location.</summary>
    public IReadOnlyList<SuiteIssue> Translate(EvaluationResults results)
    {
        Visit(results, null, null);
        return _issues;
    }

    private void Visit(EvaluationResults node, JsonObject? parentSchema, Definition? definition)
    {
        if (node.IsValid)
        {
            return;
        }

        var location = node.InstanceLocation.ToString();
        var evaluationPath = Segments(node.EvaluationPath.ToString());
        var nodeSchema = Resolve(node.SchemaLocation);
        if (DefinitionName(node.SchemaLocation) is { } name && valueMessage(name) is not null)
        {
            definition = new Definition(name, location);
        }

        if (evaluationPath.Count > 0 && evaluationPath[^1] == "propertyNames")
        {
            Add(location, atKey: true, SuiteMessages.BadName(Pointers.LastSegment(location)));
            return;
        }

        foreach (var keyword in node.Errors?.Keys ?? Enumerable.Empty<string>())
        {
            Emit(keyword, location, evaluationPath, nodeSchema, parentSchema, definition);
        }

        var children = node.Details ?? [];
        var branches = children.Where(c => IsBranch(c, evaluationPath.Count)).ToList();
        foreach (var child in children.Except(branches))
        {
            Visit(child, nodeSchema, definition);
        }

        // A passing anyOf may still list its failed branches when a sibling keyword failed.
        if (branches.Count == 0 || branches.Any(b => b.IsValid))
        {
            return;
        }

        var fitting = branches.FirstOrDefault(b => !HasTypeErrorAt(b, location));
        if (fitting is not null)
        {
            Visit(fitting, nodeSchema, definition);
        }
        else
        {
            Add(location, atKey: false, definition?.Location == location
                ? Expected(definition.Name, Node(location))
                : $"unexpected value, got {SuiteMessages.Got(Node(location), map)}");
        }
    }

    private void Emit(string keyword, string location, IReadOnlyList<string> evaluationPath, JsonObject? nodeSchema, JsonObject? parentSchema, Definition? definition)
    {
        var node = Node(location);
        if (keyword.Length == 0 && evaluationPath.Count > 0 && evaluationPath[^1] == "additionalProperties")
        {
            var known = parentSchema?["properties"] is JsonObject properties ? properties.Select(p => p.Key).ToList() : [];
            Add(location, atKey: true, SuiteMessages.UnknownKey(node.Key, known), SuiteMessages.Suggest(node.Key, known));
            return;
        }

        if (keyword == "required")
        {
            foreach (var required in Strings(nodeSchema?["required"]).Where(r => !node[r].Exists))
            {
                Add(Pointers.Append(location, required), atKey: false, $"missing required key '{required}'");
            }

            return;
        }

        if (definition?.Location == location)
        {
            Add(location, atKey: false, Expected(definition.Name, node));
            return;
        }

        var got = SuiteMessages.Got(node, map);
        var value = nodeSchema?[keyword];
        var message = keyword switch
        {
            "type" => $"expected {string.Join(" or ", Strings(value).Select(SuiteMessages.TypeName))}, got {got}",
            "enum" => $"expected one of {string.Join(", ", Strings(value))}, got {got}",
            "minimum" => $"expected at least {value}, got {got}",
            "maximum" => $"expected at most {value}, got {got}",
            "minLength" => "expected a non-empty string",
            "minItems" or "minProperties" => AtLeastOne(Pointers.LastSegment(location)),
            "pattern" => $"expected a string matching {value}, got {got}",
            _ => $"{keyword} failed, got {got}",
        };
        Add(location, atKey: false, message);
    }

    private static string AtLeastOne(string key) => key switch
    {
        "components" or "request_mix" => "expected at least one component",
        "scenarios" => "expected at least one scenario",
        "stages" => "expected at least one stage",
        "peak_hours" => "expected at least one peak hour",
        _ => "expected at least one entry",
    };

    private string Expected(string definition, DocNode node) =>
        $"{valueMessage(definition) ?? "unexpected value"}, got {SuiteMessages.Got(node, map)}";

    private void Add(string pointer, bool atKey, string message, string? suggested = null)
    {
        if (_seen.Add((pointer, atKey)))
        {
            _issues.Add(new SuiteIssue(pointer, atKey, message, suggested));
        }
    }

    private DocNode Node(string pointer)
    {
        var node = root;
        foreach (var segment in Segments(pointer))
        {
            node = node.IsList && int.TryParse(segment, NumberStyles.None, CultureInfo.InvariantCulture, out var index)
                ? node.Items.ElementAtOrDefault(index)
                : node[segment];
        }

        return node;
    }

    private JsonObject? Resolve(Uri schemaLocation)
    {
        JsonNode? current = schema;
        foreach (var segment in Segments(Uri.UnescapeDataString(schemaLocation.Fragment.TrimStart('#'))))
        {
            current = current switch
            {
                JsonObject obj => obj[segment],
                JsonArray array when int.TryParse(segment, NumberStyles.None, CultureInfo.InvariantCulture, out var i) && i < array.Count => array[i],
                _ => null,
            };
        }

        return current as JsonObject;
    }

    private static string? DefinitionName(Uri schemaLocation)
    {
        var match = DefinitionPattern().Match(Uri.UnescapeDataString(schemaLocation.Fragment));
        return match.Success ? match.Groups["name"].Value : null;
    }

    private static bool IsBranch(EvaluationResults child, int parentDepth)
    {
        var path = Segments(child.EvaluationPath.ToString());
        return path.Count == parentDepth + 2 && path[parentDepth] is "anyOf" or "oneOf";
    }

    private static bool HasTypeErrorAt(EvaluationResults node, string location) =>
        !node.IsValid
        && ((node.InstanceLocation.ToString() == location && node.Errors?.ContainsKey("type") == true)
            || (node.Details ?? []).Any(d => HasTypeErrorAt(d, location)));

    private static IReadOnlyList<string> Segments(string pointer) =>
        pointer.Length == 0 ? [] : [.. pointer.TrimStart('/').Split('/').Select(Pointers.Unescape)];

    private static IEnumerable<string> Strings(JsonNode? node) => node switch
    {
        JsonArray array => array.Select(n => n?.ToString() ?? "null"),
        null => [],
        _ => [node.ToString()],
    };

    [GeneratedRegex(@"^#/\$defs/(?<name>[^/]+)$")]
    private static partial Regex DefinitionPattern();

    private sealed record Definition(string Name, string Location);
}
