using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;
using Redline.Cli.Kinds;

namespace Redline.Cli.Tests.Suites;

public sealed class SuiteSchemaTests
{
    [Fact]
    public void Text_DefaultKinds_EqualsTheCommittedSchemaFile()
    {
        // schemas/suite.schema.json is what editors read; it is generated from the base schema and the kinds' parts.
        // Set REDLINE_UPDATE_SCHEMA=1 to rewrite it after changing either.
        var committed = Path.Combine(RepositoryRoot(), "schemas", "suite.schema.json");
        var composed = ComponentKinds.Default.Schema.Text;
        if (Environment.GetEnvironmentVariable("REDLINE_UPDATE_SCHEMA") == "1")
        {
            File.WriteAllText(committed, composed);
        }

        Assert.Equal(composed, File.ReadAllText(committed).ReplaceLineEndings("\n"));
    }

    [Fact]
    public void Compose_DefaultKinds_AddsEachKindAsAComponentPropertyWithItsDefinition()
    {
        var schema = JsonNode.Parse(ComponentKinds.Default.Schema.Text)!;

        Assert.Equal("#/$defs/request", schema["$defs"]!["component"]!["properties"]!["request"]!["$ref"]!.GetValue<string>());
        Assert.Equal("object", schema["$defs"]!["request"]!["type"]!.GetValue<string>());
        Assert.Null(schema["$defs"]!["target"]!["required"]);
    }

    [Fact]
    public void Text_EmbeddedSchema_IsValidDraft202012()
    {
        using var document = JsonDocument.Parse(ComponentKinds.Default.Schema.Text);

        var result = MetaSchemas.Draft202012.Evaluate(document.RootElement);

        Assert.True(result.IsValid);
        Assert.Equal("https://json-schema.org/draft/2020-12/schema", document.RootElement.GetProperty("$schema").GetString());
    }

    [Fact]
    public void Text_EveryValueDefinition_HasItsOwnMessage()
    {
        // A definition that is not a map is a value users type; its errors must read as what it is.
        var definitions = JsonNode.Parse(ComponentKinds.Default.Schema.Text)!["$defs"]!.AsObject();

        var valueDefinitions = definitions
            .Where(d => d.Value!["type"]?.ToString() != "object")
            .Select(d => d.Key)
            .ToList();

        Assert.NotEmpty(valueDefinitions);
        Assert.All(valueDefinitions, name => Assert.True(ComponentKinds.Default.ValueMessage(name) is not null || name == "name", name));
    }

    [Fact]
    public void Text_EveryMap_RejectsUnknownKeys()
    {
        var maps = new List<(string Path, JsonObject Schema)>();
        Collect("#", JsonNode.Parse(ComponentKinds.Default.Schema.Text)!.AsObject(), maps);

        Assert.NotEmpty(maps);
        Assert.All(maps, m => Assert.True(m.Schema["additionalProperties"] is not null, m.Path));
    }

    private static void Collect(string path, JsonObject schema, List<(string, JsonObject)> maps)
    {
        if (schema["type"]?.ToString() == "object")
        {
            maps.Add((path, schema));
        }

        foreach (var (key, value) in schema)
        {
            if (value is JsonObject child)
            {
                Collect(path + "/" + key, child, maps);
            }
        }
    }

    internal static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Redline.slnx")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("Redline.slnx not found above " + AppContext.BaseDirectory);
    }
}
