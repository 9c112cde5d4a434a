using System.Globalization;
using System.Text;
using Redline.Engine;

namespace Redline.Protocols.Http;

/// <summary>
/// A request body with placeholders filled in per iteration, so that requests differ the way real
/// users' do (a cache sees many keys, not one): <c>{{iteration}}</c>, <c>{{vu}}</c> and
/// <c>{{random:MIN-MAX}}</c> (an integer drawn from the iteration's seeded random source).
/// A body without placeholders is sent as prepared, at no cost.
/// </summary>
internal sealed class BodyTemplate
{
    private readonly Part[] _parts;

    private BodyTemplate(Part[] parts) => _parts = parts;

    /// <summary>The template in <paramref name="body"/>, null when it has no placeholder; problems are added to <paramref name="problems"/>.</summary>
    public static BodyTemplate? TryCreate(byte[]? body, List<string> problems)
    {
        if (body is null)
        {
            return null;
        }

        var text = Encoding.UTF8.GetString(body);
        if (!text.Contains("{{", StringComparison.Ordinal))
        {
            return null;
        }

        var parts = new List<Part>();
        var at = 0;
        while (at < text.Length)
        {
            var open = text.IndexOf("{{", at, StringComparison.Ordinal);
            var close = open < 0 ? -1 : text.IndexOf("}}", open + 2, StringComparison.Ordinal);
            if (open < 0 || close < 0)
            {
                parts.Add(new Part(text[at..], null, 0, 0));
                break;
            }

            if (open > at)
            {
                parts.Add(new Part(text[at..open], null, 0, 0));
            }

            parts.Add(Placeholder(text[(open + 2)..close].Trim(), problems));
            at = close + 2;
        }

        return new BodyTemplate([.. parts]);
    }

    /// <summary>The body for one iteration.</summary>
    public byte[] Render(StepContext context)
    {
        var text = new StringBuilder();
        foreach (var part in _parts)
        {
            text.Append(part.Kind switch
            {
                null => part.Text,
                "iteration" => context.Iteration.ToString(CultureInfo.InvariantCulture),
                "vu" => context.VirtualUser.ToString(CultureInfo.InvariantCulture),
                _ => context.Random.NextInt64(part.Min, part.Max + 1).ToString(CultureInfo.InvariantCulture),
            });
        }

        return Encoding.UTF8.GetBytes(text.ToString());
    }

    private static Part Placeholder(string name, List<string> problems)
    {
        if (name is "iteration" or "vu")
        {
            return new Part("", name, 0, 0);
        }

        var range = name.StartsWith("random:", StringComparison.Ordinal) ? name["random:".Length..].Split('-') : [];
        if (range.Length == 2
            && long.TryParse(range[0], NumberStyles.None, CultureInfo.InvariantCulture, out var min)
            && long.TryParse(range[1], NumberStyles.None, CultureInfo.InvariantCulture, out var max)
            && min <= max)
        {
            return new Part("", "random", min, max);
        }

        problems.Add($"unknown placeholder '{{{{{name}}}}}' in the body; expected {{{{iteration}}}}, {{{{vu}}}} or {{{{random:MIN-MAX}}}}");
        return new Part("", null, 0, 0);
    }

    private readonly record struct Part(string Text, string? Kind, long Min, long Max);
}
