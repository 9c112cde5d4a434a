using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.RepresentationModel;

namespace Redline.Cli.Suites;

/// <summary>The YAML of a suite as JSON for schema validation, with a map back to where each node was written.</summary>
/// <param name="Root">The document's root, or null when the file holds no document.</param>
/// <param name="Map">Positions and key paths by JSON Pointer.</param>
/// <param name="Errors">YAML syntax errors; when there are any, <paramref name="Root"/> is null.</param>
internal sealed record YamlDocumentTree(JsonNode? Root, SourceMap Map, IReadOnlyList<SuiteError> Errors);

/// <summary>
/// Reads a suite's YAML with YamlDotNet's representation model, which keeps each node's start mark, and
/// converts it to a JSON tree the way YAML 1.2's core schema types plain scalars; quoted scalars stay strings.
/// </summary>
internal static partial class SuiteYaml
{
    private const string StringTag = "tag:yaml.org,2002:str";

    /// <summary>Parses <paramref name="text"/>; syntax errors are reported as errors of <paramref name="file"/>.</summary>
    public static YamlDocumentTree Read(string text, string file)
    {
        var map = new SourceMap();
        var parser = new TrackingParser(new Parser(new StringReader(text)));
        var stream = new YamlStream();
        try
        {
            stream.Load(parser);
        }
        catch (YamlException e)
        {
            return new YamlDocumentTree(null, map, [SyntaxError(file, e)]);
        }
        catch (InvalidOperationException)
        {
            // YamlDotNet's scanner can fail without a mark on some malformed flow collections.
            var at = parser.LastMark;
            return new YamlDocumentTree(null, map, [new SuiteError(file, Math.Max(1, (int)at.Line), Math.Max(1, (int)at.Column), "", "invalid YAML after this point; check for an unclosed bracket, brace or quote")]);
        }

        if (stream.Documents.Count > 1)
        {
            var second = stream.Documents[1].RootNode.Start;
            return new YamlDocumentTree(null, map, [new SuiteError(file, (int)second.Line, (int)second.Column, "", "a suite file holds one YAML document; remove the second one or its '---'")]);
        }

        if (stream.Documents.Count == 0)
        {
            return new YamlDocumentTree(null, map, []);
        }

        var root = Convert(stream.Documents[0].RootNode, "", "", null, map);
        return new YamlDocumentTree(root, map, []);
    }

    private static SuiteError SyntaxError(string file, YamlException e)
    {
        var message = MarkPrefix().Replace(e.Message, "").Trim().TrimEnd('.');
        var duplicate = DuplicateKey().Match(message);
        if (duplicate.Success)
        {
            message = $"duplicate key '{duplicate.Groups["key"].Value}'";
        }
        else
        {
            message = "invalid YAML: " + (message.Length > 0 ? char.ToLowerInvariant(message[0]) + message[1..] : "syntax error");
            if (message.Contains("block scalar", StringComparison.Ordinal))
            {
                message += "; a value starting with '>' or '|' must be quoted, as in \">100/s\"";
            }
        }

        return new SuiteError(file, Math.Max(1, (int)e.Start.Line), Math.Max(1, (int)e.Start.Column), "", message);
    }

    private static JsonNode? Convert(YamlNode node, string pointer, string keyPath, Mark? keyMark, SourceMap map)
    {
        switch (node)
        {
            case YamlMappingNode mapping:
                map.Add(pointer, new SourceEntry(keyPath, keyMark, mapping.Start, null));
                var obj = new JsonObject();
                foreach (var (key, value) in mapping.Children)
                {
                    // Complex keys cannot be JSON names; their text still gives the schema something to reject.
                    var name = key is YamlScalarNode scalarKey ? scalarKey.Value ?? "" : key.ToString();
                    var childPath = keyPath.Length == 0 ? name : keyPath + "." + name;
                    obj[name] = Convert(value, Pointers.Append(pointer, name), childPath, key.Start, map);
                }

                return obj;
            case YamlSequenceNode sequence:
                map.Add(pointer, new SourceEntry(keyPath, keyMark, sequence.Start, null));
                var array = new JsonArray();
                var index = 0;
                foreach (var item in sequence.Children)
                {
                    var itemPath = keyPath + "[" + index.ToString(CultureInfo.InvariantCulture) + "]";
                    array.Add(Convert(item, Pointers.Append(pointer, index), itemPath, null, map));
                    index++;
                }

                return array;
            case YamlScalarNode scalar:
                map.Add(pointer, new SourceEntry(keyPath, keyMark, scalar.Start, scalar.Value ?? ""));
                return Scalar(scalar);
            default:
                map.Add(pointer, new SourceEntry(keyPath, keyMark, node.Start, null));
                return null;
        }
    }

    private static JsonNode? Scalar(YamlScalarNode scalar)
    {
        var text = scalar.Value ?? "";
        if (scalar.Style != ScalarStyle.Plain || (!scalar.Tag.IsEmpty && scalar.Tag.Value == StringTag))
        {
            return JsonValue.Create(text);
        }

        if (text is "" or "~" or "null" or "Null" or "NULL")
        {
            return null;
        }

        if (text is "true" or "True" or "TRUE" or "false" or "False" or "FALSE")
        {
            return JsonValue.Create(text[0] is 't' or 'T');
        }

        if (IntegerPattern().IsMatch(text) && long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer))
        {
            return JsonValue.Create(integer);
        }

        if (FloatPattern().IsMatch(text) && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && double.IsFinite(number))
        {
            return JsonValue.Create(number);
        }

        return JsonValue.Create(text);
    }

    [GeneratedRegex(@"^[-+]?[0-9]+$")]
    private static partial Regex IntegerPattern();

    [GeneratedRegex(@"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$")]
    private static partial Regex FloatPattern();

    [GeneratedRegex(@"^\(Line: \d+, Col: \d+, Idx: \d+\) - \(Line: \d+, Col: \d+, Idx: \d+\):")]
    private static partial Regex MarkPrefix();

    [GeneratedRegex(@"^Duplicate key (?<key>.*)$")]
    private static partial Regex DuplicateKey();

    /// <summary>Remembers the last event's end, to place errors the scanner raises without a mark.</summary>
    private sealed class TrackingParser(IParser inner) : IParser
    {
        public Mark LastMark { get; private set; } = Mark.Empty;

        public ParsingEvent? Current => inner.Current;

        public bool MoveNext()
        {
            var moved = inner.MoveNext();
            if (inner.Current is { } current)
            {
                LastMark = current.End;
            }

            return moved;
        }
    }
}
