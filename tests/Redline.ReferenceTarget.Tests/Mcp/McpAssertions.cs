using System.Text.Json;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace Redline.ReferenceTarget.Tests.Mcp;

/// <summary>What both transports' tests check the same way.</summary>
internal static class McpAssertions
{
    public static readonly string[] ToolNames = ["get_deployment_status", "get_pods", "list_containers", "rollout_restart", "scan_image"];

    /// <summary>Calls a tool that must succeed and returns the JSON of its text answer.</summary>
    public static async Task<JsonElement> CallAsync(McpClient client, string tool, Dictionary<string, object?> arguments, CancellationToken cancellationToken)
    {
        var result = await client.CallToolAsync(tool, arguments, cancellationToken: cancellationToken);
        var text = Assert.IsType<TextContentBlock>(Assert.Single(result.Content)).Text;
        Assert.False(result.IsError ?? false, text);
        var structured = Assert.NotNull(result.StructuredContent);
        using var fromText = JsonDocument.Parse(text);
        Assert.True(JsonElement.DeepEquals(fromText.RootElement, structured), "The text and the structured content differ.");
        return structured;
    }

    /// <summary>Every tool is listed, with an object input schema that names its parameters.</summary>
    public static async Task AssertToolsListedAsync(McpClient client, CancellationToken cancellationToken)
    {
        var tools = await client.ListToolsAsync(cancellationToken: cancellationToken);

        Assert.Equal(ToolNames, tools.Select(t => t.Name).Order(StringComparer.Ordinal));
        foreach (var tool in tools)
        {
            Assert.False(string.IsNullOrWhiteSpace(tool.Description));
            Assert.Equal("object", tool.ProtocolTool.InputSchema.GetProperty("type").GetString());
            Assert.Equal("object", Assert.NotNull(tool.ProtocolTool.OutputSchema).GetProperty("type").GetString());
        }

        var getPods = tools.Single(t => t.Name == "get_pods").ProtocolTool.InputSchema;
        Assert.True(getPods.GetProperty("properties").TryGetProperty("namespace", out _));
        Assert.Contains("namespace", getPods.GetProperty("required").EnumerateArray().Select(e => e.GetString()));
        var listContainers = tools.Single(t => t.Name == "list_containers").ProtocolTool.InputSchema.GetProperty("properties");
        Assert.True(listContainers.TryGetProperty("status", out _));
        Assert.True(listContainers.TryGetProperty("limit", out _));
    }

    /// <summary>get_pods answers a namespace's pods, with readiness that agrees with the containers' counts.</summary>
    public static async Task AssertGetPodsAsync(McpClient client, CancellationToken cancellationToken)
    {
        var answer = await CallAsync(client, "get_pods", new() { ["namespace"] = "payments" }, cancellationToken);

        Assert.Equal("payments", answer.GetProperty("namespace").GetString());
        var pods = answer.GetProperty("pods").EnumerateArray().ToList();
        Assert.NotEmpty(pods);
        Assert.Equal(pods.Count, answer.GetProperty("total").GetInt32());
        Assert.Equal(pods.Count(p => p.GetProperty("isReady").GetBoolean()), answer.GetProperty("readyPods").GetInt32());
        foreach (var pod in pods)
        {
            var ready = pod.GetProperty("ready").GetString()!.Split('/');
            var readyIsAll = ready[0] == ready[1] && pod.GetProperty("phase").GetString() == "Running";
            Assert.Equal(readyIsAll, pod.GetProperty("isReady").GetBoolean());
        }
    }

    /// <summary>scan_image hashes every layer and reports findings whose summary adds up.</summary>
    public static async Task AssertScanImageAsync(McpClient client, CancellationToken cancellationToken)
    {
        const string Image = "registry.redline.local/payments/api:9.9.9";
        var answer = await CallAsync(client, "scan_image", new() { ["image"] = Image }, cancellationToken);

        Assert.Equal(Image, answer.GetProperty("image").GetString());
        Assert.Matches("^sha256:[0-9a-f]{64}$", answer.GetProperty("digest").GetString());
        var layers = answer.GetProperty("layers").EnumerateArray().ToList();
        Assert.InRange(layers.Count, 3, 8);
        Assert.All(layers, l => Assert.Matches("^sha256:[0-9a-f]{64}$", l.GetProperty("digest").GetString()));
        var summary = answer.GetProperty("summary");
        var counted = summary.GetProperty("critical").GetInt32() + summary.GetProperty("high").GetInt32()
            + summary.GetProperty("medium").GetInt32() + summary.GetProperty("low").GetInt32();
        Assert.Equal(answer.GetProperty("findings").GetArrayLength(), counted);

        var again = await CallAsync(client, "scan_image", new() { ["image"] = Image }, cancellationToken);
        Assert.Equal(answer.GetProperty("digest").GetString(), again.GetProperty("digest").GetString());
    }
}
