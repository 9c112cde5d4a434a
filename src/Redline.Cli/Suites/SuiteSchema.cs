using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;
using Redline.Cli.Kinds;

namespace Redline.Cli.Suites;

/// <summary>
/// The suite file's JSON Schema: the suite's own structure (suite.base.schema.json, embedded) with each
/// component kind's definitions composed in, so a kind's schema part lives with the kind. The committed
/// schemas/suite.schema.json is this schema for <see cref="ComponentKinds.Default"/>, for editors.
/// </summary>
internal sealed class SuiteSchema
{
    private const string BaseResource = "suite.base.schema.json";

    private static readonly JsonSerializerOptions Indented = new()
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private readonly JsonObject _document;
    private readonly ComponentKinds _kinds;
    private readonly JsonSchema _schema;

    private SuiteSchema(JsonObject document, ComponentKinds kinds)
    {
        _document = document;
        _kinds = kinds;
        Text = document.ToJsonString(Indented).ReplaceLineEndings("\n") + "\n";

        // Built with its own registry: JsonSchema.Net registers a schema's $id globally by default
        // and refuses to register the same $id a second time.
        _schema = JsonSchema.FromText(Text, new BuildOptions { SchemaRegistry = new SchemaRegistry() });
    }

    /// <summary>The schema's JSON text, as schemas/suite.schema.json holds it for the default kinds.</summary>
    public string Text { get; }

    /// <summary>
    /// The base schema with, for each kind, its definitions added after <c>component</c> and its key added
    /// to the component's properties (after <c>description</c>), referring to the definition of that name.
    /// </summary>
    /// <exception cref="InvalidOperationException">A kind lacks the definition of its key, or reuses a definition's name.</exception>
    public static SuiteSchema Compose(ComponentKinds kinds)
    {
        ArgumentNullException.ThrowIfNull(kinds);
        var document = JsonNode.Parse(ReadBase())!.AsObject();
        var definitions = document["$defs"]!.AsObject();
        var componentProperties = definitions["component"]!["properties"]!.AsObject();
        var at = definitions.IndexOf("component") + 1;
        var propertyAt = componentProperties.IndexOf("description") + 1;
        foreach (var kind in kinds.All)
        {
            var own = kind.SchemaDefinitions();
            if (!own.ContainsKey(kind.Key))
            {
                throw new InvalidOperationException($"The kind '{kind.Key}' has no schema definition named '{kind.Key}'.");
            }

            foreach (var (name, definition) in own.ToList())
            {
                if (definitions.ContainsKey(name))
                {
                    throw new InvalidOperationException($"The kind '{kind.Key}' defines '{name}', which the suite schema already defines.");
                }

                own.Remove(name);
                definitions.Insert(at++, name, definition);
            }

            componentProperties.Insert(propertyAt++, kind.Key, new JsonObject { ["$ref"] = "#/$defs/" + kind.Key });
        }

        return new SuiteSchema(document, kinds);
    }

    /// <summary>Validates <paramref name="root"/> and translates every failure into one clear issue per location.</summary>
    public IReadOnlyList<SuiteIssue> Validate(JsonNode root, SourceMap map)
    {
        var instance = JsonSerializer.SerializeToElement(root);
        var results = _schema.Evaluate(instance, new EvaluationOptions { OutputFormat = OutputFormat.Hierarchical });
        return results.IsValid ? [] : new SchemaIssueTranslator(_document, DocNode.Root(root), map, _kinds.ValueMessage).Translate(results);
    }

    private static string ReadBase()
    {
        using var stream = typeof(SuiteSchema).Assembly.GetManifestResourceStream(BaseResource)
            ?? throw new InvalidOperationException($"The embedded resource '{BaseResource}' is missing.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
