using System.Text.Json;
using Redline.Engine;
using Redline.Protocols.Http;
using Redline.ReferenceTarget.Tests.Hosting;

namespace Redline.ReferenceTarget.Tests.Experts;

[Collection(SharedDeploymentsCollection.Name)]
public sealed class ExpertsLatencyTests(SharedDeployments deployments)
{
    [Fact]
    public async Task Query_MeasuredByRedline_OptimizedP50IsBelowHalfTheBaselines()
    {
        var baseline = await MeasureAsync(deployments[Profile.Baseline]);
        var optimized = await MeasureAsync(deployments[Profile.Optimized]);

        Assert.Equal(0, baseline.Totals.Errors);
        Assert.Equal(0, optimized.Totals.Errors);
        Assert.True(baseline.Totals.Requests >= 20, $"baseline completed only {baseline.Totals.Requests} requests");
        Assert.True(
            optimized.Totals.Latency.P50 < baseline.Totals.Latency.P50 / 2,
            $"optimized p50 {optimized.Totals.Latency.P50} ms, baseline p50 {baseline.Totals.Latency.P50} ms");
        // At scale 0.05 five sequential experts have a median of about 125 ms; the parallel five about 40 ms.
        Assert.InRange(baseline.Totals.Latency.P50, 80, 250);
    }

    /// <summary>Four virtual users ask the same uncached question for three seconds, as a suite would.</summary>
    private static async Task<ScenarioResult> MeasureAsync(RunningDeployment deployment)
    {
        using var target = new HttpTarget(deployment.BaseAddress);
        // cache: false, so the optimized profile is measured consulting its experts in parallel, not serving its cache.
        var body = JsonSerializer.SerializeToUtf8Bytes(new { question = "How do we cut deployment latency?", experts = 5, cache = false });
        var step = target.CreateStep(new HttpRequestSpec("POST", "/api/experts/query", new Dictionary<string, string>(), body, "application/json", null, TimeSpan.FromSeconds(10)));
        var plan = new ScenarioPlan
        {
            Name = "experts",
            Components = [new ComponentPlan("experts", step)],
            Load = new ClosedLoad(UserSchedule.Constant(4, TimeSpan.FromSeconds(3)), TimeSpan.Zero),
            GracefulStop = TimeSpan.FromSeconds(5),
        };
        return await ScenarioRunner.RunAsync(plan);
    }
}
