using System.Globalization;
using System.Text.Json;

namespace Redline.Results.Micro;

/// <summary>
/// A JSON value with the file and JSON path it came from, so that every shape error names both
/// (<c>out.json: $.benchmarks[3].real_time: expected a number, found a string</c>).
/// </summary>
internal readonly record struct JsonSpot(JsonElement Element, string File, string Path)
{
    /// <summary>Parses <paramref name="text"/>; invalid JSON fails with the file, line and column.</summary>
    public static JsonDocument Parse(string file, string text)
    {
        try
        {
            return JsonDocument.Parse(text, new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
        }
        catch (JsonException e)
        {
            throw new MicroFormatException($"{file}:{(e.LineNumber ?? 0) + 1}:{(e.BytePositionInLine ?? 0) + 1}: not valid JSON: {WithoutPosition(e.Message)}", e);
        }
    }

    /// <summary>The parser's message without the position it appends (the caller puts the position first).</summary>
    public static string WithoutPosition(string message)
    {
        var at = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        return at < 0 ? message : message[..at];
    }

    public JsonValueKind Kind => Element.ValueKind;

    public bool IsObject => Element.ValueKind == JsonValueKind.Object;

    /// <summary>The member <paramref name="name"/>, or null when it is missing or JSON null.</summary>
    public JsonSpot? Optional(string name)
    {
        if (Element.ValueKind != JsonValueKind.Object)
        {
            throw Fail($"expected an object, found {Describe(Element.ValueKind)}");
        }
        return Element.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null
            ? new JsonSpot(value, File, Path + "." + name)
            : null;
    }

    /// <summary>The member <paramref name="name"/>; missing or null fails.</summary>
    public JsonSpot Required(string name) =>
        Optional(name) ?? throw new MicroFormatException($"{File}: {Path}: missing \"{name}\"");

    /// <summary>Whether this is an object with a member <paramref name="name"/>.</summary>
    public bool Has(string name) => Element.ValueKind == JsonValueKind.Object && Element.TryGetProperty(name, out _);

    /// <summary>
    /// A number; the strings <c>NaN</c>, <c>Infinity</c> and <c>-Infinity</c> count too, since JMH and others write
    /// them so where JSON has no literal, and the empty string is NaN: BenchmarkDotNet writes the interval of a
    /// benchmark with one iteration (<c>Job.Dry</c>) so.
    /// </summary>
    public double Number()
    {
        if (Element.ValueKind == JsonValueKind.Number)
        {
            return Element.GetDouble();
        }
        if (Element.ValueKind == JsonValueKind.String)
        {
            switch (Element.GetString())
            {
                case "NaN":
                case "":
                    return double.NaN;
                case "Infinity":
                case "+Infinity":
                    return double.PositiveInfinity;
                case "-Infinity":
                    return double.NegativeInfinity;
            }
        }
        throw Fail($"expected a number, found {Describe(Element.ValueKind)}");
    }

    public double Number(string name) => Required(name).Number();

    public double? OptionalNumber(string name) => Optional(name)?.Number();

    public string String()
    {
        return Element.ValueKind == JsonValueKind.String
            ? Element.GetString()!
            : throw Fail($"expected a string, found {Describe(Element.ValueKind)}");
    }

    public string String(string name) => Required(name).String();

    public string? OptionalString(string name) => Optional(name)?.String();

    /// <summary>A value as text: strings as they are, anything else as compact JSON.</summary>
    public string Text() => Element.ValueKind == JsonValueKind.String ? Element.GetString()! : Compact();

    /// <summary>The items of an array.</summary>
    public IEnumerable<JsonSpot> Items()
    {
        if (Element.ValueKind != JsonValueKind.Array)
        {
            throw Fail($"expected an array, found {Describe(Element.ValueKind)}");
        }
        var file = File;
        var path = Path;
        return Element.EnumerateArray().Select((item, i) => new JsonSpot(item, file, path + "[" + i.ToString(CultureInfo.InvariantCulture) + "]"));
    }

    /// <summary>The members of an object, in the file's order.</summary>
    public IEnumerable<(string Name, JsonSpot Value)> Properties()
    {
        if (Element.ValueKind != JsonValueKind.Object)
        {
            throw Fail($"expected an object, found {Describe(Element.ValueKind)}");
        }
        var file = File;
        var path = Path;
        return Element.EnumerateObject().Select(p => (p.Name, new JsonSpot(p.Value, file, path + "." + p.Name)));
    }

    /// <summary>An error at this spot.</summary>
    public MicroFormatException Fail(string what) => new($"{File}: {Path}: {what}");

    /// <summary>
    /// Adds this value's scalars to <paramref name="host"/> under dotted keys (<c>cpu.brand</c>); arrays go in as
    /// compact JSON, nulls and empty strings are left out.
    /// </summary>
    public void FlattenInto(IDictionary<string, string> host, string prefix)
    {
        switch (Element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var (name, value) in Properties())
                {
                    value.FlattenInto(host, prefix.Length == 0 ? name : prefix + "." + name);
                }
                break;
            case JsonValueKind.Null or JsonValueKind.Undefined:
                break;
            case JsonValueKind.String when Element.GetString()!.Trim().Length == 0:
                break;
            case JsonValueKind.String:
                host[prefix] = Element.GetString()!.Trim();
                break;
            default:
                host[prefix] = Compact();
                break;
        }
    }

    private string Compact()
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            Element.WriteTo(writer);
        }
        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Null => "null",
        _ => "nothing",
    };
}
