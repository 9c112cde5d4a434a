using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;
using Redline.Cli.Suites;

namespace Redline.Cli.Tests.Suites;

public sealed class SuiteSchemaTests
{
    [Fact]
    public void Text_EmbeddedSchema_IsValidDraft202012()
    {
        using var document = JsonDocument.Parse(SuiteSchema.Text);

        var result = MetaSchemas.Draft202012.Evaluate(document.RootElement);

        Assert.True(result.IsValid);
        Assert.Equal("https://json-schema.org/draft/2020-12/schema", document.RootElement.GetProperty("$schema").GetString());
    }

    [Fact]
    public void Text_EveryValueDefinition_HasItsOwnMessage()
    {
        // A definition that is not a map is a value users type; its errors must read as what it is.
        var definitions = JsonNode.Parse(SuiteSchema.Text)!["$defs"]!.AsObject();

        var valueDefinitions = definitions
            .Where(d => d.Value!["type"]?.ToString() != "object")
            .Select(d => d.Key)
            .ToList();

        Assert.NotEmpty(valueDefinitions);
        Assert.All(valueDefinitions, name => Assert.True(SuiteMessages.ForDefinition(name) is not null || name == "name", name));
    }

    [Fact]
    public void Text_EveryMap_RejectsUnknownKeys()
    {
        var maps = new List<(string Path, JsonObject Schema)>();
        Collect("#", JsonNode.Parse(SuiteSchema.Text)!.AsObject(), maps);

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
}
