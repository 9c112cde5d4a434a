using YamlDotNet.Core;

namespace Redline.Cli.Suites;

/// <summary>Where a JSON Pointer's key and value were written in the YAML file.</summary>
/// <param name="KeyPath">The dotted path users see, such as <c>scenarios.ramp.load.stages[1].duration</c>.</param>
/// <param name="KeyMark">Where its key starts, or null for list items and the root.</param>
/// <param name="ValueMark">Where its value starts.</param>
/// <param name="RawScalar">The scalar exactly as written, or null for maps and lists.</param>
internal sealed record SourceEntry(string KeyPath, Mark? KeyMark, Mark ValueMark, string? RawScalar);

/// <summary>Maps JSON Pointers into the converted suite back to YAML positions and dotted key paths.</summary>
internal sealed class SourceMap
{
    private readonly Dictionary<string, SourceEntry> _entries = new(StringComparer.Ordinal);

    /// <summary>Records where <paramref name="pointer"/> was written.</summary>
    public void Add(string pointer, SourceEntry entry) => _entries[pointer] = entry;

    /// <summary>The entry of <paramref name="pointer"/>, or null when the YAML has no such node.</summary>
    public SourceEntry? Find(string pointer) => _entries.GetValueOrDefault(pointer);

    /// <summary>The scalar at <paramref name="pointer"/> as written, or null.</summary>
    public string? Raw(string pointer) => Find(pointer)?.RawScalar;

    /// <summary>
    /// The error for an issue at <paramref name="pointer"/>. A pointer with no node (a missing key) is
    /// placed at its nearest existing parent's value, with the missing keys appended to the key path.
    /// </summary>
    public SuiteError ToError(string file, string pointer, bool atKey, string message)
    {
        var missing = new Stack<string>();
        var current = pointer;
        var entry = Find(current);
        while (entry is null && current.Length > 0)
        {
            var slash = current.LastIndexOf('/');
            missing.Push(Pointers.Unescape(current[(slash + 1)..]));
            current = current[..slash];
            entry = Find(current);
        }

        if (entry is null)
        {
            return new SuiteError(file, 1, 1, string.Join('.', missing), message);
        }

        var keyPath = string.Join('.', new[] { entry.KeyPath }.Concat(missing).Where(s => s.Length > 0));
        var mark = atKey && missing.Count == 0 && entry.KeyMark is { } keyMark ? keyMark : entry.ValueMark;
        return new SuiteError(file, (int)mark.Line, (int)mark.Column, keyPath, message);
    }
}

/// <summary>RFC 6901 JSON Pointer helpers.</summary>
internal static class Pointers
{
    /// <summary><paramref name="pointer"/> with <paramref name="key"/> appended.</summary>
    public static string Append(string pointer, string key) => pointer + "/" + key.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal);

    /// <summary><paramref name="pointer"/> with list index <paramref name="index"/> appended.</summary>
    public static string Append(string pointer, int index) => pointer + "/" + index.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>A pointer segment decoded.</summary>
    public static string Unescape(string segment) => segment.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);

    /// <summary>The last segment of <paramref name="pointer"/>, decoded.</summary>
    public static string LastSegment(string pointer) => Unescape(pointer[(pointer.LastIndexOf('/') + 1)..]);

    /// <summary>The pointer's parent; the root is its own parent.</summary>
    public static string Parent(string pointer) => pointer.Length == 0 ? pointer : pointer[..pointer.LastIndexOf('/')];
}
