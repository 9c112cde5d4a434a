using System.Globalization;
using System.Text.Json;

namespace Redline.Cli.Kinds.Flow;

/// <summary>
/// The JSONPath subset a capture needs to pick one value out of an answer: <c>$</c>, then any of
/// <c>.name</c>, <c>['name']</c> and <c>[index]</c> (from 0; negative counts from the end).
/// </summary>
internal sealed class JsonPath
{
    private readonly Segment[] _segments;

    private JsonPath(string text, Segment[] segments)
    {
        Text = text;
        _segments = segments;
    }

    /// <summary>The path as written.</summary>
    public string Text { get; }

    /// <summary>The path in <paramref name="text"/>, or null with the reason in <paramref name="problem"/>.</summary>
    public static JsonPath? TryParse(string text, out string? problem)
    {
        ArgumentNullException.ThrowIfNull(text);
        problem = null;
        if (!text.StartsWith('$'))
        {
            problem = "a JSONPath starts with '$'";
            return null;
        }

        var segments = new List<Segment>();
        var at = 1;
        while (at < text.Length && problem is null)
        {
            if (text[at] == '.')
            {
                var end = at + 1;
                while (end < text.Length && text[end] != '.' && text[end] != '[')
                {
                    end++;
                }

                var name = text[(at + 1)..end];
                problem = name.Length == 0 ? $"a name is missing after '.' at character {at + 1}" : null;
                segments.Add(new Segment(name, 0));
                at = end;
            }
            else if (text[at] == '[')
            {
                var close = text.IndexOf(']', at);
                var inside = close < 0 ? "" : text[(at + 1)..close];
                if (inside.Length >= 2 && inside[0] == '\'' && inside[^1] == '\'')
                {
                    segments.Add(new Segment(inside[1..^1], 0));
                }
                else if (int.TryParse(inside, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var index))
                {
                    segments.Add(new Segment(null, index));
                }
                else
                {
                    problem = $"expected [index] or ['name'] at character {at + 1}";
                }

                at = close < 0 ? text.Length : close + 1;
            }
            else
            {
                problem = $"expected '.' or '[' at character {at + 1}";
            }
        }

        return problem is null ? new JsonPath(text, [.. segments]) : null;
    }

    /// <summary>
    /// The value at this path in <paramref name="json"/>: a string as its text, a number or boolean as
    /// written, an object or array as its JSON; null when the answer is not JSON or has nothing there.
    /// </summary>
    public string? Find(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        try
        {
            using var document = JsonDocument.Parse(json);
            var element = document.RootElement;
            foreach (var segment in _segments)
            {
                if (!Step(ref element, segment))
                {
                    return null;
                }
            }

            return element.ValueKind switch
            {
                JsonValueKind.String => element.GetString(),
                JsonValueKind.Null or JsonValueKind.Undefined => null,
                _ => element.GetRawText(),
            };
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static bool Step(ref JsonElement element, Segment segment)
    {
        if (segment.Name is { } name)
        {
            if (element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var property))
            {
                element = property;
                return true;
            }

            return false;
        }

        if (element.ValueKind != JsonValueKind.Array)
        {
            return false;
        }

        var length = element.GetArrayLength();
        var index = segment.Index < 0 ? length + segment.Index : segment.Index;
        if (index < 0 || index >= length)
        {
            return false;
        }

        element = element[index];
        return true;
    }

    private readonly record struct Segment(string? Name, int Index);
}
