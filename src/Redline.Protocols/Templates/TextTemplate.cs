using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Redline.Engine;

namespace Redline.Protocols.Templates;

/// <summary>
/// Text with placeholders filled in per iteration, so that requests differ the way real users' do (a
/// cache sees many keys, not one) and a flow's later steps use what its earlier steps captured:
/// <c>{{iteration}}</c>, <c>{{vu}}</c>, <c>{{random:MIN-MAX}}</c> (an integer drawn from the
/// iteration's seeded random source) and <c>{{name}}</c>, a value an earlier step of the iteration
/// captured. Text without placeholders needs no template and costs nothing per iteration.
/// </summary>
public sealed partial class TextTemplate
{
    /// <summary>The error class of a step whose placeholder names a value no earlier step captured in this iteration.</summary>
    public static readonly ErrorKind MissingValue = ErrorKind.Named("missing_value");

    private readonly Part[] _parts;

    private TextTemplate(Part[] parts)
    {
        _parts = parts;
        Captured = [.. parts.Where(p => p.Kind == PartKind.Captured).Select(p => p.Text).Distinct(StringComparer.Ordinal)];
    }

    /// <summary>The names of captured values the text uses, each once.</summary>
    public IReadOnlyList<string> Captured { get; }

    /// <summary>
    /// The template in <paramref name="text"/>, or null when it has no placeholder. A placeholder that is
    /// none of the known forms adds a problem naming it and <paramref name="where"/> ("the body").
    /// </summary>
    public static TextTemplate? TryCreate(string? text, string where, List<string> problems)
    {
        ArgumentNullException.ThrowIfNull(problems);
        if (text is null || !text.Contains("{{", StringComparison.Ordinal))
        {
            return null;
        }

        var parts = new List<Part>();
        var at = 0;
        foreach (Match match in PlaceholderPattern().Matches(text))
        {
            if (match.Index > at)
            {
                parts.Add(new Part(PartKind.Literal, text[at..match.Index], 0, 0));
            }

            parts.Add(Placeholder(match.Groups[1].Value.Trim(), where, problems));
            at = match.Index + match.Length;
        }

        if (at < text.Length)
        {
            parts.Add(new Part(PartKind.Literal, text[at..], 0, 0));
        }

        return parts.Any(p => p.Kind != PartKind.Literal) ? new TextTemplate([.. parts]) : null;
    }

    /// <summary>The names inside every <c>{{...}}</c> of <paramref name="text"/>, trimmed, in order.</summary>
    public static IEnumerable<string> PlaceholdersIn(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return PlaceholderPattern().Matches(text).Select(m => m.Groups[1].Value.Trim());
    }

    /// <summary>Whether <paramref name="name"/> (the inside of a placeholder) is one of the built-in forms, which need no capture.</summary>
    public static bool IsBuiltIn(string name) => name is "iteration" or "vu" || TryRange(name, out _, out _);

    /// <summary>Whether <paramref name="name"/> can name a captured value: a letter or '_' then letters, digits and '_'.</summary>
    public static bool IsValueName(string name) => ValueNamePattern().IsMatch(name) && name is not ("iteration" or "vu");

    /// <summary>
    /// The text for one iteration; false, with the name in <paramref name="missing"/>, when a captured
    /// value it uses is not in <see cref="StepContext.Variables"/>.
    /// </summary>
    public bool TryRender(StepContext context, out string text, out string? missing)
    {
        ArgumentNullException.ThrowIfNull(context);
        var builder = new StringBuilder();
        foreach (var part in _parts)
        {
            switch (part.Kind)
            {
                case PartKind.Literal:
                    builder.Append(part.Text);
                    break;
                case PartKind.Iteration:
                    builder.Append(context.Iteration.ToString(CultureInfo.InvariantCulture));
                    break;
                case PartKind.VirtualUser:
                    builder.Append(context.VirtualUser.ToString(CultureInfo.InvariantCulture));
                    break;
                case PartKind.Random:
                    builder.Append(context.Random.NextInt64(part.Min, part.Max + 1).ToString(CultureInfo.InvariantCulture));
                    break;
                default:
                    if (!context.Variables.TryGetValue(part.Text, out var value))
                    {
                        text = "";
                        missing = part.Text;
                        return false;
                    }

                    builder.Append(value);
                    break;
            }
        }

        text = builder.ToString();
        missing = null;
        return true;
    }

    /// <summary>The failure of a step whose placeholder <paramref name="name"/> had no value.</summary>
    public static Outcome Missing(string name) =>
        Outcome.Fail(MissingValue, $"no value for {{{{{name}}}}}: no earlier step of this iteration captured it");

    private static Part Placeholder(string name, string where, List<string> problems)
    {
        if (name == "iteration")
        {
            return new Part(PartKind.Iteration, "", 0, 0);
        }

        if (name == "vu")
        {
            return new Part(PartKind.VirtualUser, "", 0, 0);
        }

        if (TryRange(name, out var min, out var max))
        {
            return new Part(PartKind.Random, "", min, max);
        }

        if (IsValueName(name))
        {
            return new Part(PartKind.Captured, name, 0, 0);
        }

        problems.Add($"unknown placeholder '{{{{{name}}}}}' in {where}; expected {{{{iteration}}}}, {{{{vu}}}}, {{{{random:MIN-MAX}}}} or the name of a captured value");
        return new Part(PartKind.Literal, "", 0, 0);
    }

    private static bool TryRange(string name, out long min, out long max)
    {
        min = max = 0;
        var range = name.StartsWith("random:", StringComparison.Ordinal) ? name["random:".Length..].Split('-') : [];
        return range.Length == 2
            && long.TryParse(range[0], NumberStyles.None, CultureInfo.InvariantCulture, out min)
            && long.TryParse(range[1], NumberStyles.None, CultureInfo.InvariantCulture, out max)
            && min <= max;
    }

    [GeneratedRegex(@"\{\{(.*?)\}\}", RegexOptions.Singleline)]
    private static partial Regex PlaceholderPattern();

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*$")]
    private static partial Regex ValueNamePattern();

    private enum PartKind
    {
        Literal,
        Iteration,
        VirtualUser,
        Random,
        Captured,
    }

    private readonly record struct Part(PartKind Kind, string Text, long Min, long Max);
}
