using System.Globalization;

namespace Redline.Monitoring.Proc;

/// <summary>Allocation-free helpers for the text of /proc files.</summary>
internal static class ProcText
{
    /// <summary>The first number after <paramref name="key"/> on the line that starts with it ("VmRSS:\t 2160 kB").</summary>
    /// <remarks>Keys are matched whole, so "Cached" does not match "SwapCached:"; unknown lines are skipped.</remarks>
    public static bool TryGetValue(ReadOnlySpan<char> text, ReadOnlySpan<char> key, out long value)
    {
        foreach (var line in text.EnumerateLines())
        {
            if (line.StartsWith(key, StringComparison.Ordinal) && line.Length > key.Length && line[key.Length] == ':')
            {
                return TryParseFirstNumber(line[(key.Length + 1)..], out value);
            }
        }

        value = 0;
        return false;
    }

    /// <summary>Parses the first whitespace-separated token of <paramref name="text"/> as a non-negative integer.</summary>
    public static bool TryParseFirstNumber(ReadOnlySpan<char> text, out long value)
    {
        var rest = text.TrimStart();
        var end = rest.IndexOfAny(' ', '\t');
        return TryParseLong(end < 0 ? rest : rest[..end], out value);
    }

    /// <summary>Parses a non-negative decimal integer.</summary>
    public static bool TryParseLong(ReadOnlySpan<char> token, out long value) =>
        long.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out value);

    /// <summary>Parses up to <paramref name="values"/>.Length whitespace-separated integers; returns how many were read before the first non-number.</summary>
    public static int ParseLongs(ReadOnlySpan<char> text, Span<long> values)
    {
        var count = 0;
        var rest = text;
        while (count < values.Length)
        {
            rest = rest.TrimStart();
            if (rest.IsEmpty)
            {
                break;
            }

            var end = rest.IndexOfAny(' ', '\t');
            var token = end < 0 ? rest : rest[..end];
            if (!TryParseLong(token, out values[count]))
            {
                break;
            }

            count++;
            rest = end < 0 ? [] : rest[end..];
        }

        return count;
    }

    /// <summary>Splits off the first whitespace-separated token of <paramref name="text"/>.</summary>
    public static ReadOnlySpan<char> NextToken(scoped ref ReadOnlySpan<char> text)
    {
        text = text.TrimStart();
        var end = text.IndexOfAny(' ', '\t');
        var token = end < 0 ? text : text[..end];
        text = end < 0 ? [] : text[end..];
        return token;
    }
}
