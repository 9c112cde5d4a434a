using System.Text.Json;
using Redline.ReferenceTarget.Tests.Hosting;

namespace Redline.ReferenceTarget.Tests.Experts;

[Collection(SharedDeploymentsCollection.Name)]
public sealed class ExpertsEndpointTests(SharedDeployments deployments)
{
    [Theory]
    [InlineData(Profile.Baseline, "sequential")]
    [InlineData(Profile.Optimized, "parallel")]
    public async Task Query_EitherProfile_ReturnsConsensusAndEachExpertsLatency(Profile profile, string mode)
    {
        var (status, body) = await deployments[profile].PostAsync("/api/experts/query", new { question = $"How should we roll out {Guid.NewGuid()}?", experts = 4 });

        Assert.Equal(200, status);
        Assert.Equal(mode, body.GetProperty("mode").GetString());
        Assert.False(body.GetProperty("cached").GetBoolean());
        var consensus = body.GetProperty("consensus");
        Assert.False(string.IsNullOrWhiteSpace(consensus.GetProperty("answer").GetString()));
        Assert.InRange(consensus.GetProperty("score").GetDouble(), 0, 1);
        var experts = body.GetProperty("experts").EnumerateArray().ToList();
        Assert.Equal(4, experts.Count);
        Assert.Contains(consensus.GetProperty("expert").GetString(), experts.Select(e => e.GetProperty("name").GetString()));
        Assert.All(experts, e => Assert.True(e.GetProperty("thinkMs").GetDouble() > 0));
        Assert.NotEmpty(body.GetProperty("keywords").EnumerateArray());
        Assert.True(body.GetProperty("elapsedMs").GetDouble() > 0);
    }

    [Fact]
    public async Task Query_OptimizedRepeatedQuestion_SecondAnswerIsCached()
    {
        var question = new { question = $"Which cache tier first {Guid.NewGuid()}?" };

        var (_, first) = await deployments[Profile.Optimized].PostAsync("/api/experts/query", question);
        var (status, second) = await deployments[Profile.Optimized].PostAsync("/api/experts/query", question);

        Assert.Equal(200, status);
        Assert.False(first.GetProperty("cached").GetBoolean());
        Assert.True(second.GetProperty("cached").GetBoolean());
        Assert.Equal(first.GetProperty("consensus").GetProperty("answer").GetString(), second.GetProperty("consensus").GetProperty("answer").GetString());
        Assert.Equal(5, second.GetProperty("experts").GetArrayLength());
    }

    [Theory]
    [InlineData(Profile.Baseline)]
    [InlineData(Profile.Optimized)]
    public async Task Query_CacheFalse_NeverCached(Profile profile)
    {
        var question = new { question = $"Why is p99 high {Guid.NewGuid()}?", cache = false };

        await deployments[profile].PostAsync("/api/experts/query", question);
        var (_, second) = await deployments[profile].PostAsync("/api/experts/query", question);

        Assert.False(second.GetProperty("cached").GetBoolean());
    }

    [Fact]
    public async Task Query_BaselineRepeatedQuestion_NeverCached()
    {
        var question = new { question = $"Same question {Guid.NewGuid()}" };

        await deployments[Profile.Baseline].PostAsync("/api/experts/query", question);
        var (_, second) = await deployments[Profile.Baseline].PostAsync("/api/experts/query", question);

        Assert.False(second.GetProperty("cached").GetBoolean());
    }

    [Theory]
    [InlineData("{\"question\": \"\"}")]
    [InlineData("{\"question\": \"ok?\", \"experts\": 11}")]
    [InlineData("{\"question\": \"ok?\", \"experts\": 0}")]
    public async Task Query_InvalidBody_Returns400WithError(string json)
    {
        using var content = new StringContent(json, System.Text.Encoding.UTF8, "application/json");
        using var response = await deployments[Profile.Baseline].Client.PostAsync("/api/experts/query", content);

        Assert.Equal(400, (int)response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.False(string.IsNullOrEmpty(body.RootElement.GetProperty("error").GetString()));
    }
}
