using System.Text.Json;
using Redline.ReferenceTarget.Tests.Hosting;

namespace Redline.ReferenceTarget.Tests.Cache;

[Collection(SharedDeploymentsCollection.Name)]
public sealed class CacheEndpointTests(SharedDeployments deployments)
{
    [Theory]
    [InlineData(Profile.Baseline)]
    [InlineData(Profile.Optimized)]
    public async Task Get_SeededKey_ReturnsValueAndSource(Profile profile)
    {
        var (status, body) = await deployments[profile].GetAsync("/api/cache/key-17");

        Assert.Equal(200, status);
        Assert.Equal("key-17", body.GetProperty("key").GetString());
        using var value = JsonDocument.Parse(body.GetProperty("value").GetString()!);
        Assert.Equal(18, value.RootElement.GetProperty("deployment").GetInt64());
        Assert.Contains(body.GetProperty("source").GetString(), new[] { "database", "l1" });
    }

    [Theory]
    [InlineData(Profile.Baseline)]
    [InlineData(Profile.Optimized)]
    public async Task Get_UnknownKey_Returns404(Profile profile)
    {
        var (status, _) = await deployments[profile].GetAsync("/api/cache/no-such-key");

        Assert.Equal(404, status);
    }

    [Fact]
    public async Task Stats_OptimizedRepeatedGets_CountHitsServedFromL1()
    {
        var deployment = deployments[Profile.Optimized];
        var (_, before) = await deployment.GetAsync("/api/cache/stats");

        var sources = new List<string?>();
        for (var i = 0; i < 10; i++)
        {
            sources.Add((await deployment.GetAsync("/api/cache/key-500")).Body.GetProperty("source").GetString());
        }

        var (status, after) = await deployment.GetAsync("/api/cache/stats");

        Assert.Equal(200, status);
        Assert.Equal("optimized", after.GetProperty("profile").GetString());
        Assert.Equal(9, sources.Count(s => s == "l1"));
        Assert.Equal(9, after.GetProperty("hits").GetInt64() - before.GetProperty("hits").GetInt64());
        Assert.Equal(1, after.GetProperty("misses").GetInt64() - before.GetProperty("misses").GetInt64());
        Assert.True(after.GetProperty("hitRate").GetDouble() > 0);
        Assert.True(after.GetProperty("entries").GetInt32() >= 1);
        Assert.Equal(30, after.GetProperty("ttlSeconds").GetDouble());
    }

    [Fact]
    public async Task Stats_BaselineRepeatedGets_AreAllMisses()
    {
        var deployment = deployments[Profile.Baseline];
        var (_, before) = await deployment.GetAsync("/api/cache/stats");

        for (var i = 0; i < 5; i++)
        {
            await deployment.GetAsync("/api/cache/key-501");
        }

        var (_, after) = await deployment.GetAsync("/api/cache/stats");

        Assert.Equal(0, after.GetProperty("hits").GetInt64());
        Assert.Equal(5, after.GetProperty("misses").GetInt64() - before.GetProperty("misses").GetInt64());
        Assert.Equal(0, after.GetProperty("hitRate").GetDouble());
    }
}
