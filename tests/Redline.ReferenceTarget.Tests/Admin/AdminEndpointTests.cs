using Redline.ReferenceTarget.Data;
using Redline.ReferenceTarget.Tests.Hosting;

namespace Redline.ReferenceTarget.Tests.Admin;

[Collection(SharedDeploymentsCollection.Name)]
public sealed class AdminEndpointTests(SharedDeployments deployments)
{
    [Theory]
    [InlineData(Profile.Baseline, "baseline")]
    [InlineData(Profile.Optimized, "optimized")]
    public async Task Stats_EitherProfile_ReportsProfileUptimeRequestsMemoryAndFaults(Profile profile, string name)
    {
        var deployment = deployments[profile];
        await deployment.GetAsync("/api/deployments/5");

        var (status, body) = await deployment.GetAsync("/api/admin/stats");

        Assert.Equal(200, status);
        Assert.Equal(name, body.GetProperty("profile").GetString());
        Assert.True(body.GetProperty("uptimeSeconds").GetDouble() > 0);
        Assert.True(body.GetProperty("requests").GetProperty("GET /api/deployments/{id:long}").GetInt64() >= 1);
        Assert.True(body.GetProperty("totalRequests").GetInt64() >= 2);
        Assert.True(body.GetProperty("memory").GetProperty("workingSetBytes").GetInt64() > 0);
        Assert.Equal(0, body.GetProperty("memory").GetProperty("leakedBytes").GetInt64());
        var faults = body.GetProperty("faults");
        Assert.Equal(0, faults.GetProperty("leakMbPerHour").GetDouble());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, faults.GetProperty("stall").ValueKind);
        Assert.Equal(0, faults.GetProperty("errorRatePercent").GetDouble());
    }

    [Theory]
    [InlineData(Profile.Baseline, false)]
    [InlineData(Profile.Optimized, true)]
    public async Task Reindex_EitherProfile_RebuildsAndListsIndexes(Profile profile, bool hasEventsIndex)
    {
        var (status, body) = await deployments[profile].PostAsync("/api/admin/reindex", null);

        Assert.Equal(200, status);
        Assert.True(body.GetProperty("durationMs").GetDouble() > 0);
        var indexes = body.GetProperty("indexes").EnumerateArray().Select(i => i.GetString()).ToList();
        Assert.Equal(hasEventsIndex, indexes.Contains(ReferenceDatabase.EventsIndex));
    }
}
