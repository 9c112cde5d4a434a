using System.Text;
using System.Text.Json;
using Redline.Engine;

namespace Redline.Results.History;

/// <summary>Small values stored as JSON text: counts by name, lists of strings, rarely queried statistics, per-sample series.</summary>
internal static class JsonColumns
{
    public static string Counts(IReadOnlyDictionary<string, long> counts) => Write(json =>
    {
        json.WriteStartObject();
        foreach (var (key, value) in counts.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            json.WriteNumber(key, value);
        }

        json.WriteEndObject();
    });

    public static SortedDictionary<string, long> ReadCounts(string? text)
    {
        var counts = new SortedDictionary<string, long>(StringComparer.Ordinal);
        if (string.IsNullOrEmpty(text))
        {
            return counts;
        }

        using var document = JsonDocument.Parse(text);
        foreach (var property in document.RootElement.EnumerateObject())
        {
            counts[property.Name] = property.Value.GetInt64();
        }

        return counts;
    }

    public static string Strings(IReadOnlyList<string> values) => Write(json =>
    {
        json.WriteStartArray();
        foreach (var value in values)
        {
            json.WriteStringValue(value);
        }

        json.WriteEndArray();
    });

    public static IReadOnlyList<string> ReadStrings(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return [];
        }

        using var document = JsonDocument.Parse(text);
        return [.. document.RootElement.EnumerateArray().Select(e => e.GetString() ?? "")];
    }

    public static string Texts(IReadOnlyDictionary<string, string> texts) => Write(json =>
    {
        json.WriteStartObject();
        foreach (var (key, value) in texts.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            json.WriteString(key, value);
        }

        json.WriteEndObject();
    });

    public static SortedDictionary<string, string> ReadTexts(string? text)
    {
        var texts = new SortedDictionary<string, string>(StringComparer.Ordinal);
        if (string.IsNullOrEmpty(text))
        {
            return texts;
        }

        using var document = JsonDocument.Parse(text);
        foreach (var property in document.RootElement.EnumerateObject())
        {
            texts[property.Name] = property.Value.GetString() ?? "";
        }

        return texts;
    }

    /// <summary>An array of numbers in their shortest exact form, null where a value is missing (or, as JSON has no NaN, not finite).</summary>
    public static string Numbers(IEnumerable<double?> values) => Write(json =>
    {
        json.WriteStartArray();
        foreach (var value in values)
        {
            if (value is { } v && double.IsFinite(v))
            {
                json.WriteNumberValue(v);
            }
            else
            {
                json.WriteNullValue();
            }
        }

        json.WriteEndArray();
    });

    public static double?[] ReadNumbers(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return [];
        }

        using var document = JsonDocument.Parse(text);
        return [.. document.RootElement.EnumerateArray().Select(e => e.ValueKind == JsonValueKind.Null ? (double?)null : e.GetDouble())];
    }

    public static string Stats(LatencyStats stats) => Write(json =>
    {
        json.WriteStartArray();
        foreach (var value in StatsColumns.Values(stats))
        {
            if (value is long count)
            {
                json.WriteNumberValue(count);
            }
            else if (double.IsFinite((double)value))
            {
                json.WriteNumberValue((double)value);
            }
            else
            {
                // JSON has no NaN or infinity.
                json.WriteNullValue();
            }
        }

        json.WriteEndArray();
    });

    public static LatencyStats ReadStats(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return LatencyStats.Empty;
        }

        using var document = JsonDocument.Parse(text);
        var v = document.RootElement.EnumerateArray().Select(e => e.ValueKind == JsonValueKind.Null ? double.NaN : e.GetDouble()).ToArray();
        return new LatencyStats((long)v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8], v[9], v[10]);
    }

    private static string Write(Action<Utf8JsonWriter> write)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream))
        {
            write(json);
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }
}
