using System.Text.Json;
using System.Text.Json.Nodes;

namespace Redline.Cli.Suites;

/// <summary>The wording of suite errors, shared by the schema translation and the semantic checks.</summary>
internal static class SuiteMessages
{
    /// <summary>What a value of the schema's named definition <paramref name="definition"/> looks like, or null for structural definitions.</summary>
    public static string? ForDefinition(string definition) => definition switch
    {
        "duration" => "expected a duration such as 250ms, 30s, 5m or 1h",
        "rate" => "expected a rate such as 200/s, 12000/m or 100/h",
        "percentage" => "expected a percentage such as 40%",
        "scalar" => "expected a text value",
        "criterion" => "expected a comparison such as '<500ms', '<1%' or '>100/s'",
        "users" => "expected a number of users such as 20, or a range such as 500-1500",
        "url" => "expected an absolute http or https URL such as http://127.0.0.1:8080",
        "ready" => "expected a path starting with '/', or tcp:PORT",
        "hour" => "expected an hour from 0 to 24",
        "horizon" => "expected a horizon such as 7 days, 30 days, 1 year or 168h",
        "size" => "expected an amount such as 512MiB, 2GiB or 10GB",
        "thresholdValue" => "expected a threshold such as \">20%\", \">50MB/hour\", \"any\" or \"off\"",
        _ => null,
    };

    /// <summary>"expected …, got …" for <paramref name="node"/> against the named definition.</summary>
    public static string Expected(string definition, DocNode node, SourceMap map) =>
        $"{ForDefinition(definition) ?? "unexpected value"}, got {Got(node, map)}";

    /// <summary>The value as the user wrote it, for "got …": a quoted string, a number as written, or its kind.</summary>
    public static string Got(DocNode node, SourceMap map) => node.Value switch
    {
        null => "nothing",
        JsonObject => "a map",
        JsonArray => "a list",
        JsonValue v when v.GetValueKind() == JsonValueKind.String => $"'{Shorten(v.GetValue<string>())}'",
        JsonValue v => map.Raw(node.Pointer) ?? v.ToJsonString(),
        _ => node.Value.ToJsonString(),
    };

    /// <summary>A JSON Schema type name in the user's terms.</summary>
    public static string TypeName(string type) => type switch
    {
        "integer" => "an integer",
        "number" => "a number",
        "string" => "a string",
        "boolean" => "true or false",
        "object" => "a map",
        "array" => "a list",
        _ => "nothing",
    };

    /// <summary>The message for a map key that a name pattern rejects.</summary>
    public static string BadName(string name) =>
        $"'{name}' is not a valid name; use a lowercase letter, then lowercase letters, digits or _";

    /// <summary>"unknown key 'x'", with the closest known key when it is a likely typo.</summary>
    public static string UnknownKey(string key, IEnumerable<string> known) =>
        Suggest(key, known) is { } close ? $"unknown key '{key}'; did you mean '{close}'?" : $"unknown key '{key}'";

    /// <summary>The candidate closest to <paramref name="word"/> within an edit distance of 2, or null.</summary>
    public static string? Suggest(string word, IEnumerable<string> candidates) =>
        candidates
            .Select(c => (Candidate: c, Distance: EditDistance(word, c)))
            .Where(x => x.Distance <= 2 && x.Distance < Math.Max(word.Length, x.Candidate.Length))
            .OrderBy(x => x.Distance)
            .Select(x => x.Candidate)
            .FirstOrDefault();

    /// <summary>A list of names for messages: <c>a, b and c</c>.</summary>
    public static string List(IEnumerable<string> names)
    {
        var all = names.ToList();
        return all.Count switch
        {
            0 => "none",
            1 => all[0],
            _ => string.Join(", ", all.Take(all.Count - 1)) + " and " + all[^1],
        };
    }

    /// <summary>A list of alternatives for messages: <c>a, b or c</c>.</summary>
    public static string Either(IEnumerable<string> names)
    {
        var all = names.ToList();
        return all.Count switch
        {
            0 => "none",
            1 => all[0],
            _ => string.Join(", ", all.Take(all.Count - 1)) + " or " + all[^1],
        };
    }

    /// <summary>Levenshtein distance, counting a swap of neighbours as one edit (so 'duraiton' is one away from 'duration').</summary>
    private static int EditDistance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++)
        {
            d[i, 0] = i;
        }

        for (var j = 0; j <= b.Length; j++)
        {
            d[0, j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
                }
            }
        }

        return d[a.Length, b.Length];
    }

    private static string Shorten(string text) => text.Length <= 60 ? text : text[..57] + "...";
}
