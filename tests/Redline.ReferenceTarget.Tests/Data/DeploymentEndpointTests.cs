using Redline.ReferenceTarget.Tests.Hosting;

namespace Redline.ReferenceTarget.Tests.Data;

[Collection(SharedDeploymentsCollection.Name)]
public sealed class DeploymentEndpointTests(SharedDeployments deployments)
{
    [Theory]
    [InlineData(Profile.Baseline)]
    [InlineData(Profile.Optimized)]
    public async Task Get_SeededDeployment_ReturnsTheRow(Profile profile)
    {
        var (status, body) = await deployments[profile].GetAsync("/api/deployments/1234");

        Assert.Equal(200, status);
        Assert.Equal(1234, body.GetProperty("id").GetInt64());
        foreach (var field in new[] { "name", "service", "version", "environment", "status", "owner", "createdAt" })
        {
            Assert.False(string.IsNullOrEmpty(body.GetProperty(field).GetString()), field);
        }
    }

    [Theory]
    [InlineData(Profile.Baseline)]
    [InlineData(Profile.Optimized)]
    public async Task Get_UnknownDeployment_Returns404(Profile profile)
    {
        var (status, body) = await deployments[profile].GetAsync("/api/deployments/99999999");

        Assert.Equal(404, status);
        Assert.Contains("99999999", body.GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(Profile.Baseline)]
    [InlineData(Profile.Optimized)]
    public async Task Events_SeededDeployment_ReturnsJoinedRowsNewestFirst(Profile profile)
    {
        var (status, body) = await deployments[profile].GetAsync("/api/deployments/42/events");

        Assert.Equal(200, status);
        Assert.Equal(42, body.GetProperty("deploymentId").GetInt64());
        var events = body.GetProperty("events").EnumerateArray().ToList();
        Assert.Equal(events.Count, body.GetProperty("count").GetInt32());
        Assert.NotEmpty(events);
        Assert.All(events, e =>
        {
            Assert.EndsWith("-42", e.GetProperty("deployment").GetString(), StringComparison.Ordinal);
            Assert.False(string.IsNullOrEmpty(e.GetProperty("owner").GetString()));
            Assert.False(string.IsNullOrEmpty(e.GetProperty("kind").GetString()));
        });
        var times = events.Select(e => e.GetProperty("createdAt").GetString()).ToList();
        Assert.Equal(times.OrderDescending(StringComparer.Ordinal), times);
    }

    [Theory]
    [InlineData(Profile.Baseline)]
    [InlineData(Profile.Optimized)]
    public async Task Create_ValidBody_Returns201AndTheRowReadsBack(Profile profile)
    {
        var deployment = deployments[profile];

        var (status, created) = await deployment.PostAsync("/api/deployments", new { name = "checkout-canary", service = "billing", version = "v2.0.1", environment = "staging", owner = "user5" });
        var id = created.GetProperty("id").GetInt64();
        var (_, read) = await deployment.GetAsync($"/api/deployments/{id}");
        var (_, events) = await deployment.GetAsync($"/api/deployments/{id}/events");

        Assert.Equal(201, status);
        Assert.True(id > 10_000);
        Assert.Equal("pending", created.GetProperty("status").GetString());
        Assert.Equal("checkout-canary", read.GetProperty("name").GetString());
        Assert.Equal("user5", read.GetProperty("owner").GetString());
        Assert.Equal("created", Assert.Single(events.GetProperty("events").EnumerateArray()).GetProperty("kind").GetString());
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("{\"name\": \"x\", \"service\": \"y\", \"version\": \"v1\", \"environment\": \"mars\"}")]
    [InlineData("{\"name\": \"x\", \"service\": \"y\", \"version\": \"v1\", \"owner\": \"nobody\"}")]
    public async Task Create_InvalidBody_Returns400WithError(string json)
    {
        using var content = new StringContent(json, System.Text.Encoding.UTF8, "application/json");
        using var response = await deployments[Profile.Optimized].Client.PostAsync("/api/deployments", content);

        Assert.Equal(400, (int)response.StatusCode);
        Assert.Contains("error", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
