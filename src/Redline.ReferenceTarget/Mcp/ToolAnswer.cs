using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using ModelContextProtocol.Protocol;

namespace Redline.ReferenceTarget.Mcp;

/// <summary>
/// Builds tool results. A rejected call is an answer with <c>isError</c>, not an exception: the SDK logs a thrown
/// exception with its stack trace, which a load test that sends bad arguments on purpose would flood stderr with.
/// </summary>
internal static class ToolAnswer
{
    /// <summary>The value as structured content and, for clients that read only text, as the same JSON in a text block.</summary>
    public static CallToolResult Ok<T>(T value, JsonTypeInfo<T> type)
    {
        var json = JsonSerializer.SerializeToElement(value, type);
        return new CallToolResult { Content = [new TextContentBlock { Text = json.GetRawText() }], StructuredContent = json };
    }

    /// <summary>A call the tool turned down, with the reason for the caller.</summary>
    public static CallToolResult Error(string message) =>
        new() { Content = [new TextContentBlock { Text = message }], IsError = true };
}

/// <summary>Source-generated JSON for the tools' answers, named as the output schemas the SDK derives from the same types.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ContainerList))]
[JsonSerializable(typeof(PodList))]
[JsonSerializable(typeof(DeploymentStatus))]
[JsonSerializable(typeof(RolloutResult))]
[JsonSerializable(typeof(ScanReport))]
internal sealed partial class ToolJsonContext : JsonSerializerContext;
