using System.Globalization;
using System.Text.Json.Nodes;

namespace Redline.Cli.Suites;

/// <summary>
/// Reads typed values from the converted suite for the semantic checks. An absent key reads as null; a
/// present value of the wrong form is reported and reads as null (the schema reports the same location,
/// and the loader keeps one message per location), so later checks never see half-read values.
/// </summary>
internal sealed class ValueReader(SourceMap map, SuiteIssues issues)
{
    /// <summary>Where the checks report.</summary>
    public SuiteIssues Issues => issues;

    /// <summary>Positions and raw text of the file.</summary>
    public SourceMap Map => map;

    /// <summary>Whether <paramref name="node"/> is a map; reports it when present and not a map.</summary>
    public bool IsMap(DocNode node)
    {
        if (node.Exists && !node.IsMap)
        {
            issues.AtValue(node, $"expected a map, got {SuiteMessages.Got(node, map)}");
        }

        return node.IsMap;
    }

    /// <summary>Whether <paramref name="node"/> is a list; reports it when present and not a list.</summary>
    public bool IsList(DocNode node)
    {
        if (node.Exists && !node.IsList)
        {
            issues.AtValue(node, $"expected a list, got {SuiteMessages.Got(node, map)}");
        }

        return node.IsList;
    }

    /// <summary>A string value.</summary>
    public string? String(DocNode node) =>
        Read(node, n => n.AsString, $"expected a string, got {SuiteMessages.Got(node, map)}");

    /// <summary>True or false.</summary>
    public bool? Boolean(DocNode node) =>
        node.Exists && node.AsBoolean is null ? Report<bool?>(node, $"expected true or false, got {SuiteMessages.Got(node, map)}") : node.AsBoolean;

    /// <summary>A whole number from <paramref name="min"/> to <paramref name="max"/>.</summary>
    public int? Integer(DocNode node, int min = int.MinValue, int max = int.MaxValue)
    {
        if (!node.Exists)
        {
            return null;
        }

        if (node.AsInteger is not { } value)
        {
            return Report<int?>(node, $"expected an integer, got {SuiteMessages.Got(node, map)}");
        }

        return value < min || value > max
            ? Report<int?>(node, $"expected an integer from {min.ToString(CultureInfo.InvariantCulture)} to {max.ToString(CultureInfo.InvariantCulture)}, got {SuiteMessages.Got(node, map)}")
            : (int)value;
    }

    /// <summary>A number.</summary>
    public double? Number(DocNode node) =>
        node.Exists && node.AsNumber is null ? Report<double?>(node, $"expected a number, got {SuiteMessages.Got(node, map)}") : node.AsNumber;

    /// <summary>A duration such as <c>30s</c>.</summary>
    public TimeSpan? Duration(DocNode node) =>
        node.AsString is { } text && SuiteUnits.TryParseDuration(text, out var value) ? value : Invalid<TimeSpan?>(node, "duration");

    /// <summary>A duration above zero.</summary>
    public TimeSpan? PositiveDuration(DocNode node)
    {
        var value = Duration(node);
        return value <= TimeSpan.Zero ? Report<TimeSpan?>(node, $"expected a duration above 0, got {SuiteMessages.Got(node, map)}") : value;
    }

    /// <summary>A rate such as <c>200/s</c>, in arrivals per second.</summary>
    public double? Rate(DocNode node) =>
        node.AsString is { } text && SuiteUnits.TryParseRate(text, out var value) ? value : Invalid<double?>(node, "rate");

    /// <summary>A rate above zero, in arrivals per second.</summary>
    public double? PositiveRate(DocNode node)
    {
        var value = Rate(node);
        return value <= 0 ? Report<double?>(node, $"expected a rate above 0, got {SuiteMessages.Got(node, map)}") : value;
    }

    /// <summary>A percentage such as <c>40%</c>, as 40.</summary>
    public double? Percentage(DocNode node) =>
        node.AsString is { } text && SuiteUnits.TryParsePercentage(text, out var value) ? value : Invalid<double?>(node, "percentage");

    /// <summary>A string, number or boolean, as written (environment variables, headers, arguments).</summary>
    public string? Scalar(DocNode node) => node.Value switch
    {
        _ when !node.Exists => null,
        JsonValue when node.AsString is { } text => text,
        JsonValue => map.Raw(node.Pointer) ?? node.Value.ToJsonString(),
        _ => Invalid<string?>(node, "scalar"),
    };

    /// <summary>A map of scalars, in file order; null when absent or not a map.</summary>
    public IReadOnlyDictionary<string, string>? ScalarMap(DocNode node)
    {
        if (!IsMap(node))
        {
            return null;
        }

        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in node.Entries)
        {
            if (Scalar(value) is { } text)
            {
                result[key] = text;
            }
        }

        return result;
    }

    /// <summary>A list of scalars; null when absent or not a list.</summary>
    public IReadOnlyList<string>? ScalarList(DocNode node) =>
        IsList(node) ? [.. node.Items.Select(Scalar).OfType<string>()] : null;

    /// <summary>Whether both keys are present; if so, reports the one written second.</summary>
    public bool BothGiven(DocNode map, string first, string second, string message)
    {
        if (!map[first].Exists || !map[second].Exists)
        {
            return false;
        }

        var keys = map.Entries.Select(e => e.Key).ToList();
        var later = keys.IndexOf(first) > keys.IndexOf(second) ? first : second;
        issues.AtKey(map[later], message);
        return true;
    }

    /// <summary>Reports every present key of <paramref name="keys"/> with <paramref name="message"/>, formatted with the key.</summary>
    public bool RejectKeys(DocNode map, IEnumerable<string> keys, Func<string, string> message)
    {
        var rejected = false;
        foreach (var key in keys.Where(k => map[k].Exists))
        {
            issues.AtKey(map[key], message(key));
            rejected = true;
        }

        return rejected;
    }

    private T? Read<T>(DocNode node, Func<DocNode, T?> read, string message) where T : class =>
        !node.Exists ? null : read(node) ?? Report<T?>(node, message);

    private T? Invalid<T>(DocNode node, string definition) =>
        node.Exists ? Report<T?>(node, SuiteMessages.Expected(definition, node, map)) : default;

    private T? Report<T>(DocNode node, string message)
    {
        issues.AtValue(node, message);
        return default;
    }
}
