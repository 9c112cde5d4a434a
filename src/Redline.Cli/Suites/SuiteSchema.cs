using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;

namespace Redline.Cli.Suites;

/// <summary>The suite file's JSON Schema, embedded in the tool: the single source of truth for the file's structure.</summary>
internal static class SuiteSchema
{
    private const string ResourceName = "suite.schema.json";

    private static readonly Lazy<string> SchemaText = new(ReadResource);

    // Built once with its own registry: JsonSchema.Net registers a schema's $id globally by default
    // and refuses to register the same $id a second time.
    private static readonly Lazy<JsonSchema> Schema = new(() =>
        JsonSchema.FromText(SchemaText.Value, new BuildOptions { SchemaRegistry = new SchemaRegistry() }));

    private static readonly Lazy<JsonNode> RawSchema = new(() => JsonNode.Parse(SchemaText.Value)!);

    /// <summary>The schema's JSON text, as shipped.</summary>
    public static string Text => SchemaText.Value;

    /// <summary>Validates <paramref name="root"/> and translates every failure into one clear issue per location.</summary>
    public static IReadOnlyList<SuiteIssue> Validate(JsonNode root, SourceMap map)
    {
        var instance = JsonSerializer.SerializeToElement(root);
        var results = Schema.Value.Evaluate(instance, new EvaluationOptions { OutputFormat = OutputFormat.Hierarchical });
        return results.IsValid ? [] : new SchemaIssueTranslator(RawSchema.Value, DocNode.Root(root), map).Translate(results);
    }

    private static string ReadResource()
    {
        using var stream = typeof(SuiteSchema).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"The embedded resource '{ResourceName}' is missing.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
