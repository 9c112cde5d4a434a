using System.Text.Json;
using System.Text.Json.Nodes;

namespace Redline.Cli.Suites;

/// <summary>A node of the converted suite together with its JSON Pointer; a missing key is a node that does not exist.</summary>
internal readonly record struct DocNode(JsonNode? Value, string Pointer, bool Exists)
{
    /// <summary>The document's root.</summary>
    public static DocNode Root(JsonNode? root) => new(root, "", true);

    /// <summary>Whether the node is a map.</summary>
    public bool IsMap => Value is JsonObject;

    /// <summary>Whether the node is a list.</summary>
    public bool IsList => Value is JsonArray;

    /// <summary>The value of <paramref name="key"/> in this map; a node that does not exist when absent.</summary>
    public DocNode this[string key] =>
        Value is JsonObject map && map.TryGetPropertyValue(key, out var child)
            ? new DocNode(child, Pointers.Append(Pointer, key), true)
            : new DocNode(null, Pointers.Append(Pointer, key), false);

    /// <summary>The map's entries in file order; none when this is not a map.</summary>
    public IEnumerable<(string Key, DocNode Node)> Entries
    {
        get
        {
            var pointer = Pointer;
            return Value is JsonObject map
                ? map.Select(e => (e.Key, new DocNode(e.Value, Pointers.Append(pointer, e.Key), true))).ToList()
                : [];
        }
    }

    /// <summary>The list's items in order; none when this is not a list.</summary>
    public IEnumerable<DocNode> Items
    {
        get
        {
            var pointer = Pointer;
            return Value is JsonArray list
                ? list.Select((item, i) => new DocNode(item, Pointers.Append(pointer, i), true)).ToList()
                : [];
        }
    }

    /// <summary>The value when it is a string, else null.</summary>
    public string? AsString => Value is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;

    /// <summary>The value when it is a whole number that fits a long, else null.</summary>
    public long? AsInteger => Value is JsonValue v && v.TryGetValue<long>(out var n) ? n : null;

    /// <summary>The value when it is a number, else null (the converter stores whole numbers as long, others as double).</summary>
    public double? AsNumber => Value is not JsonValue v ? null
        : v.TryGetValue<double>(out var d) ? d
        : v.TryGetValue<long>(out var n) ? n
        : null;

    /// <summary>The value when it is true or false, else null.</summary>
    public bool? AsBoolean => Value is JsonValue v && v.TryGetValue<bool>(out var b) ? b : null;

    /// <summary>The key this node has in its parent map.</summary>
    public string Key => Pointers.LastSegment(Pointer);
}
