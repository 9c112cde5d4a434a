using System.Diagnostics;
using ModelContextProtocol.Client;
using Redline.ReferenceTarget.Mcp;

namespace Redline.ReferenceTarget.Tests.Mcp;

public sealed class McpHttpTests
{
    private static readonly TimeSpan TestBudget = TimeSpan.FromSeconds(60);

    [Theory]
    [InlineData(Profile.Baseline)]
    [InlineData(Profile.Optimized)]
    public async Task Initialize_OldRevisionClient_ReturnsServerInfoAndToolsCapability(Profile profile)
    {
        using var timeout = new CancellationTokenSource(TestBudget);
        await using var host = await McpHttpHost.StartAsync(Options(profile), timeout.Token);

        await using var client = await host.ConnectAsync(McpHttpHost.InitializeRevision, timeout.Token);

        Assert.Equal(McpHttpHost.InitializeRevision, client.NegotiatedProtocolVersion);
        Assert.Equal(ReferenceMcp.ServerName, client.ServerInfo?.Name);
        Assert.False(string.IsNullOrEmpty(client.ServerInfo?.Version));
        Assert.NotNull(client.ServerCapabilities.Tools);
    }

    [Theory]
    [InlineData(Profile.Baseline, McpHttpHost.InitializeRevision)]
    [InlineData(Profile.Optimized, McpHttpHost.InitializeRevision)]
    [InlineData(Profile.Baseline, null)]
    [InlineData(Profile.Optimized, null)]
    public async Task ListAndCallTools_OverHttp_AnswerWithSchemasAndResults(Profile profile, string? protocolVersion)
    {
        using var timeout = new CancellationTokenSource(TestBudget);
        await using var host = await McpHttpHost.StartAsync(Options(profile), timeout.Token);
        await using var client = await host.ConnectAsync(protocolVersion, timeout.Token);

        await McpAssertions.AssertToolsListedAsync(client, timeout.Token);
        await McpAssertions.AssertGetPodsAsync(client, timeout.Token);
        await McpAssertions.AssertScanImageAsync(client, timeout.Token);
    }

    [Theory]
    [InlineData(Profile.Baseline)]
    [InlineData(Profile.Optimized)]
    public async Task CallTool_ListContainersByStatus_ReturnsOnlyThatStatus(Profile profile)
    {
        using var timeout = new CancellationTokenSource(TestBudget);
        await using var host = await McpHttpHost.StartAsync(Options(profile), timeout.Token);
        await using var client = await host.ConnectAsync(McpHttpHost.InitializeRevision, timeout.Token);

        var answer = await McpAssertions.CallAsync(client, "list_containers", new() { ["status"] = "restarting", ["limit"] = 500 }, timeout.Token);

        var containers = answer.GetProperty("containers").EnumerateArray().ToList();
        Assert.NotEmpty(containers);
        Assert.All(containers, c => Assert.Equal("restarting", c.GetProperty("status").GetString()));
        Assert.Equal(containers.Count, answer.GetProperty("returned").GetInt32());
    }

    [Theory]
    [InlineData(Profile.Baseline)]
    [InlineData(Profile.Optimized)]
    public async Task CallTool_RolloutRestart_MakesDegradedDeploymentAvailable(Profile profile)
    {
        using var timeout = new CancellationTokenSource(TestBudget);
        await using var host = await McpHttpHost.StartAsync(Options(profile), timeout.Token);
        await using var client = await host.ConnectAsync(McpHttpHost.InitializeRevision, timeout.Token);
        var crashing = (await McpAssertions.CallAsync(client, "list_containers", new() { ["status"] = "restarting", ["limit"] = 1 }, timeout.Token))
            .GetProperty("containers")[0];
        var target = new Dictionary<string, object?>
        {
            ["namespace"] = crashing.GetProperty("namespace").GetString(),
            ["name"] = crashing.GetProperty("deployment").GetString(),
        };
        var before = await McpAssertions.CallAsync(client, "get_deployment_status", target, timeout.Token);

        var restart = await McpAssertions.CallAsync(client, "rollout_restart", target, timeout.Token);

        var after = await McpAssertions.CallAsync(client, "get_deployment_status", target, timeout.Token);
        Assert.NotEqual("Available", before.GetProperty("condition").GetString());
        Assert.Equal(1, restart.GetProperty("previousRevision").GetInt32());
        Assert.Equal(2, restart.GetProperty("revision").GetInt32());
        Assert.Equal(2, after.GetProperty("revision").GetInt32());
        Assert.Equal("Available", after.GetProperty("condition").GetString());
        Assert.Equal(after.GetProperty("desiredReplicas").GetInt32(), after.GetProperty("readyReplicas").GetInt32());
    }

    [Fact]
    public async Task CallTool_UnknownNamespace_ReturnsToolErrorNamingIt()
    {
        using var timeout = new CancellationTokenSource(TestBudget);
        await using var host = await McpHttpHost.StartAsync(Options(Profile.Optimized), timeout.Token);
        await using var client = await host.ConnectAsync(McpHttpHost.InitializeRevision, timeout.Token);

        var result = await client.CallToolAsync("get_pods", new Dictionary<string, object?> { ["namespace"] = "nowhere" }, cancellationToken: timeout.Token);

        Assert.True(result.IsError);
        var text = Assert.IsType<ModelContextProtocol.Protocol.TextContentBlock>(Assert.Single(result.Content)).Text;
        Assert.StartsWith("Unknown namespace 'nowhere'", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CallTool_BaselineProfile_PaysSetupOnEveryCallThatOptimizedReuses()
    {
        using var timeout = new CancellationTokenSource(TestBudget);
        // At scale 0.2 the baseline's setup is 30 ms per call; the optimized profile pays it on its first call only.
        await using var baseline = await McpHttpHost.StartAsync(Options(Profile.Baseline) with { LatencyScale = 0.2 }, timeout.Token);
        await using var optimized = await McpHttpHost.StartAsync(Options(Profile.Optimized) with { LatencyScale = 0.2 }, timeout.Token);
        await using var baselineClient = await baseline.ConnectAsync(McpHttpHost.InitializeRevision, timeout.Token);
        await using var optimizedClient = await optimized.ConnectAsync(McpHttpHost.InitializeRevision, timeout.Token);

        var baselineFastest = await FastestLaterCallAsync(baselineClient, timeout.Token);
        var optimizedFastest = await FastestLaterCallAsync(optimizedClient, timeout.Token);

        // The fastest of several calls filters out a noisy machine's hiccups; only a lower bound is asserted,
        // two thirds of the 30 ms setup (a busy machine once slowed every optimized call to 6 ms): without the setup the gap is about 0.
        Assert.True(
            baselineFastest - optimizedFastest >= TimeSpan.FromMilliseconds(20),
            $"baseline {baselineFastest.TotalMilliseconds:F1} ms, optimized {optimizedFastest.TotalMilliseconds:F1} ms");
    }

    private static async Task<TimeSpan> FastestLaterCallAsync(McpClient client, CancellationToken cancellationToken)
    {
        await client.CallToolAsync("get_pods", new Dictionary<string, object?> { ["namespace"] = "checkout" }, cancellationToken: cancellationToken);
        var fastest = TimeSpan.MaxValue;
        for (var call = 0; call < 3; call++)
        {
            var started = Stopwatch.GetTimestamp();
            await client.CallToolAsync("get_pods", new Dictionary<string, object?> { ["namespace"] = "checkout" }, cancellationToken: cancellationToken);
            var elapsed = Stopwatch.GetElapsedTime(started);
            fastest = elapsed < fastest ? elapsed : fastest;
        }

        return fastest;
    }

    private static ReferenceOptions Options(Profile profile) => new() { Profile = profile, LatencyScale = 0.02, Seed = 7 };
}
