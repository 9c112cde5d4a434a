namespace Redline.ReferenceTarget.Tests.Hosting;

/// <summary>One deployment of each profile, shared by the endpoint tests, at a small latency scale.</summary>
public sealed class SharedDeployments : IAsyncLifetime
{
    /// <summary>Expert think times at this scale are about 23 ms each.</summary>
    public const double LatencyScale = 0.05;

    private RunningDeployment? _baseline;
    private RunningDeployment? _optimized;

    public RunningDeployment this[Profile profile] =>
        (profile == Profile.Optimized ? _optimized : _baseline) ?? throw new InvalidOperationException("Not started.");

    public async Task InitializeAsync()
    {
        var baseline = RunningDeployment.StartAsync(new ReferenceOptions { Profile = Profile.Baseline, LatencyScale = LatencyScale });
        var optimized = RunningDeployment.StartAsync(new ReferenceOptions { Profile = Profile.Optimized, LatencyScale = LatencyScale });
        _baseline = await baseline;
        _optimized = await optimized;
    }

    public async Task DisposeAsync()
    {
        if (_baseline is not null)
        {
            await _baseline.DisposeAsync();
        }

        if (_optimized is not null)
        {
            await _optimized.DisposeAsync();
        }
    }
}

/// <summary>The endpoint tests: they share <see cref="SharedDeployments"/> and run one after another.</summary>
[CollectionDefinition(Name)]
public sealed class SharedDeploymentsCollection : ICollectionFixture<SharedDeployments>
{
    public const string Name = "shared deployments";
}
