using Redline.Cli.Suites;

namespace Redline.Cli.Tests.Examples;

/// <summary>The suites shipped in examples/ stay valid as the format evolves.</summary>
public sealed class ExampleSuiteTests
{
    private static string ExamplesFolder()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var examples = Path.Combine(dir.FullName, "examples");
            if (File.Exists(Path.Combine(dir.FullName, "Redline.slnx")) && Directory.Exists(examples))
            {
                return examples;
            }
        }

        throw new DirectoryNotFoundException("examples/ not found above " + AppContext.BaseDirectory);
    }

    [Theory]
    [InlineData("quickstart.yaml")]
    [InlineData("code-deployment.yaml")]
    [InlineData("integration.yaml")]
    public void Load_ShippedExample_HasNoErrors(string file)
    {
        var loaded = SuiteLoader.Load(Path.Combine(ExamplesFolder(), file));

        Assert.Empty(loaded.Errors);
        Assert.NotNull(loaded.Suite);
    }

    [Fact]
    public void CodeDeployment_CarriesTheSeedsTablesAndScenarios()
    {
        var suite = SuiteLoader.Load(Path.Combine(ExamplesFolder(), "code-deployment.yaml")).Suite!;

        Assert.Equal(["normal_operations", "peak_load", "burst_traffic", "stress_testing", "chaos_engineering"], suite.Scenarios.Select(s => s.Name));
        var experts = suite.FindComponent("circle_of_experts")!;
        Assert.Equal(TimeSpan.FromMilliseconds(2500), experts.Baseline!.P50);
        Assert.Equal(TimeSpan.FromMilliseconds(1500), experts.Target!.P95);
        Assert.Equal(0.5, suite.FindComponent("cache")!.Target!.P50!.Value.TotalMilliseconds);

        var normal = suite.FindScenario("normal_operations")!;
        Assert.Equal(1500, ((Engine.ClosedLoad)normal.Load).Users.MaxUsers);
        Assert.Equal([40.0, 30, 20, 10], normal.Mix.Select(m => m.Percent));
        var peak = suite.FindScenario("peak_load")!;
        Assert.Equal(TimeSpan.FromHours(1), peak.Load.Duration);
        Assert.Equal(5000, ((Engine.ClosedLoad)peak.Load).Users.UsersAt(TimeSpan.FromMinutes(30)));
        var burst = (Engine.OpenLoad)suite.FindScenario("burst_traffic")!.Load;
        Assert.Equal(2000, burst.Rate.RateAt(TimeSpan.FromMinutes(5) + TimeSpan.FromSeconds(10)), 6);
        Assert.Equal(100, burst.Rate.RateAt(TimeSpan.FromMinutes(6)), 6);
        var stress = (Engine.ClosedLoad)suite.FindScenario("stress_testing")!.Load;
        Assert.Equal(10000, stress.Users.MaxUsers);
        Assert.Equal(TimeSpan.FromMinutes(95), stress.Duration);
        Assert.Equal(1500, stress.Users.UsersAt(TimeSpan.FromMinutes(5) + TimeSpan.FromSeconds(1)));
        var plan = suite.FindScenario("stress_testing")!.Stress!;
        Assert.Equal(["error_rate", "response_time_p95"], plan.Condition.AnyOf.Select(g => Assert.Single(g).Metric));
        Assert.Equal(new Engine.RecoveryPlan(1000, TimeSpan.FromMinutes(2)), plan.Recovery);
        Assert.NotNull(plan.Search);
        var chaos = suite.FindScenario("chaos_engineering")!.Chaos;
        Assert.Equal(
            ["packet_loss", "latency_injection", "bandwidth_limitation", "kill_random_mcp_server", "database_connection_drop", "cache_invalidation", "cpu_throttling", "memory_pressure"],
            chaos.Select(f => f.Name));
        Assert.Equal(
            [FaultSpec.Target, FaultSpec.Target, FaultSpec.Target, FaultSpec.Reference, FaultSpec.Reference, FaultSpec.Reference, FaultSpec.Target, FaultSpec.Target],
            chaos.Select(f => f.On));
        Assert.Equal(0.05, chaos[0].Share);
        Assert.Equal(TimeSpan.FromMilliseconds(100), chaos[1].Network!.Latency);
        Assert.Equal(10_000_000 / 8.0, chaos[2].Network!.BytesPerSecond);
        Assert.Equal((TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(10)), (chaos[3].At, chaos[3].Every!.Value));
        Assert.Equal(["authentication", "database", "cache"], chaos[4].Hits);
        Assert.Equal(TimeSpan.FromMinutes(3), chaos[5].MeanGap);
        Assert.Equal((0.5, 0.9), (chaos[6].Share, chaos[7].Share));
    }

    [Fact]
    public void CodeDeployment_RegressionThresholdsAsWrittenInTheSeed_EqualTheDefaults()
    {
        var suite = SuiteLoader.Load(Path.Combine(ExamplesFolder(), "code-deployment.yaml")).Suite!;

        Assert.Equal(Results.Analysis.RegressionThresholds.Default.Critical, suite.Thresholds.Critical);
        Assert.Equal(Results.Analysis.RegressionThresholds.Default.Warning, suite.Thresholds.Warning);
        Assert.Equal(Results.Analysis.RegressionThresholds.Default.Notice, suite.Thresholds.Notice);
    }

    [Fact]
    public void Load_BadRegressionThreshold_NamesTheLineAndTheKey()
    {
        var text = """
            suite: t
            target:
              base_url: http://127.0.0.1:1
            regression_thresholds:
              critical:
                response_time_increase: "twenty percent"
                action: block_deployment
            components:
              home:
                request: { path: / }
            scenarios:
              s:
                load: { model: closed, users: 1, duration: 1s }
            """;

        var loaded = SuiteLoader.LoadFromText(text, "t.yaml", Path.GetTempPath());

        var error = Assert.Single(loaded.Errors);
        Assert.Equal(6, error.Line);
        Assert.Equal("regression_thresholds.critical.response_time_increase", error.KeyPath);
    }
}
