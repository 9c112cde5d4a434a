using System.Diagnostics;
using System.Net.Http.Json;

namespace Redline.ReferenceTarget.Tests.Data;

/// <summary>
/// At latency scale 1 the deployment's medians are the seed's, by cause: a new database connection per unit of
/// work in the baseline, a pool in the optimized profile, and two units of work for a baseline login against one.
/// Sequential requests on one connection, so what is measured is the deployment, not queueing.
/// </summary>
public sealed class ModelledCostsTests
{
    private const int Requests = 31;

    [Fact]
    public async Task Database_BaselineAndOptimizedMedians_LieAroundTheSeeds25And8Ms()
    {
        var baseline = await MedianAsync(Profile.Baseline, http => http.GetAsync(new Uri("/api/deployments/42/events", UriKind.Relative)));
        var optimized = await MedianAsync(Profile.Optimized, http => http.GetAsync(new Uri("/api/deployments/42/events", UriKind.Relative)));

        // The seed's 25 ms and 8 ms, with room for a loaded machine.
        Assert.InRange(baseline, 15, 45);
        Assert.InRange(optimized, 4, 14);
        Assert.True(optimized < baseline / 2, $"optimized {optimized:0.0} ms, baseline {baseline:0.0} ms");
    }

    [Fact]
    public async Task Login_BaselineMakesTwoUnitsOfWorkOnNewConnections_OptimizedOneOnAPooledOne()
    {
        var body = new { user = "alice", password = "redline-alice" };
        var baseline = await MedianAsync(Profile.Baseline, http => http.PostAsJsonAsync(new Uri("/api/auth/login", UriKind.Relative), body));
        var optimized = await MedianAsync(Profile.Optimized, http => http.PostAsJsonAsync(new Uri("/api/auth/login", UriKind.Relative), body));

        // The seed's 45 ms and 15 ms; the password hash is real work, so the bounds are wide.
        Assert.InRange(baseline, 30, 80);
        Assert.InRange(optimized, 7, 30);
        Assert.True(optimized < baseline / 2, $"optimized {optimized:0.0} ms, baseline {baseline:0.0} ms");
    }

    private static async Task<double> MedianAsync(Profile profile, Func<HttpClient, Task<HttpResponseMessage>> send)
    {
        await using var app = ReferenceDeployment.Build(new ReferenceOptions { Profile = profile, Port = 0, LatencyScale = 1 });
        await app.StartAsync();
        using var http = new HttpClient { BaseAddress = ReferenceDeployment.ListeningAddress(app), Timeout = TimeSpan.FromSeconds(10) };
        var times = new List<double>();
        for (var i = 0; i < Requests + 3; i++)
        {
            var started = Stopwatch.GetTimestamp();
            using var response = await send(http);
            response.EnsureSuccessStatusCode();
            if (i >= 3)
            {
                // The first requests compile the code paths; a served deployment warms them up before it is ready.
                times.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
        }

        await app.StopAsync();
        times.Sort();
        return times[times.Count / 2];
    }
}
