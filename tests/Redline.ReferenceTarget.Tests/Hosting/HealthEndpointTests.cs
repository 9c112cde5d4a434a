namespace Redline.ReferenceTarget.Tests.Hosting;

[Collection(SharedDeploymentsCollection.Name)]
public sealed class HealthEndpointTests(SharedDeployments deployments)
{
    [Theory]
    [InlineData(Profile.Baseline, "baseline")]
    [InlineData(Profile.Optimized, "optimized")]
    public async Task Health_EitherProfile_ReportsOkAndProfile(Profile profile, string name)
    {
        var deployment = deployments[profile];

        var (status, body) = await deployment.GetAsync("/health");

        Assert.Equal(200, status);
        Assert.Equal("ok", body.GetProperty("status").GetString());
        Assert.Equal(name, body.GetProperty("profile").GetString());
        Assert.Equal("127.0.0.1", deployment.BaseAddress.Host);
        Assert.NotEqual(0, deployment.BaseAddress.Port);
    }
}
