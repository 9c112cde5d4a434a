using Redline.Results.Analysis;

namespace Redline.Results.Tests.Analysis;

public sealed class RegressionThresholdsTests
{
    /// <summary>The seed's <c>regression_thresholds</c> block, as the suite loader will hand it over.</summary>
    private static readonly Dictionary<string, IReadOnlyDictionary<string, string>> SeedBlock = new()
    {
        ["critical"] = new Dictionary<string, string>
        {
            ["response_time_increase"] = ">20%",
            ["throughput_decrease"] = ">15%",
            ["error_rate_increase"] = ">100%",
            ["memory_leak"] = ">50MB/hour",
            ["action"] = "block_deployment",
        },
        ["warning"] = new Dictionary<string, string>
        {
            ["response_time_increase"] = ">10%",
            ["throughput_decrease"] = ">5%",
            ["error_rate_increase"] = ">50%",
            ["cpu_increase"] = ">10%",
            ["action"] = "require_review",
        },
        ["notice"] = new Dictionary<string, string>
        {
            ["response_time_increase"] = ">5%",
            ["minor_degradation"] = "any",
            ["action"] = "log_and_track",
        },
    };

    [Fact]
    public void Default_SeedNumbers()
    {
        var defaults = RegressionThresholds.Default;

        Assert.Equal(20, defaults.Critical.ResponseTimeIncreasePercent);
        Assert.Equal(15, defaults.Critical.ThroughputDecreasePercent);
        Assert.Equal(100, defaults.Critical.ErrorRateIncreasePercent);
        Assert.Equal(50, defaults.Critical.MemoryLeakMbPerHour);
        Assert.Equal(RegressionAction.BlockDeployment, defaults.Critical.Action);
        Assert.Equal(10, defaults.Warning.ResponseTimeIncreasePercent);
        Assert.Equal(5, defaults.Warning.ThroughputDecreasePercent);
        Assert.Equal(50, defaults.Warning.ErrorRateIncreasePercent);
        Assert.Equal(10, defaults.Warning.CpuIncreasePercent);
        Assert.Equal(RegressionAction.RequireReview, defaults.Warning.Action);
        Assert.Equal(5, defaults.Notice.ResponseTimeIncreasePercent);
        Assert.True(defaults.Notice.MinorDegradation);
        Assert.Equal(RegressionAction.LogAndTrack, defaults.Notice.Action);
        Assert.Equal(0.05, defaults.Alpha);
    }

    [Fact]
    public void TryParse_SeedBlock_EqualsDefaults()
    {
        var parsed = RegressionThresholds.TryParse(SeedBlock, null, out var issues);

        Assert.Empty(issues);
        Assert.Equal(RegressionThresholds.Default, parsed);
    }

    [Fact]
    public void TryParse_OneKeyChanged_OthersKeepDefaults()
    {
        var block = new Dictionary<string, IReadOnlyDictionary<string, string>>
        {
            ["critical"] = new Dictionary<string, string> { ["response_time_increase"] = "> 30.5 %", ["memory_leak"] = ">1GB/hour" },
            ["notice"] = new Dictionary<string, string> { ["minor_degradation"] = "off", ["response_time_increase"] = "off" },
        };

        var parsed = RegressionThresholds.TryParse(block, "0.01", out var issues);

        Assert.Empty(issues);
        Assert.Equal(30.5, parsed!.Critical.ResponseTimeIncreasePercent);
        Assert.Equal(1024, parsed.Critical.MemoryLeakMbPerHour);
        Assert.Equal(15, parsed.Critical.ThroughputDecreasePercent);
        Assert.Null(parsed.Notice.ResponseTimeIncreasePercent);
        Assert.False(parsed.Notice.MinorDegradation);
        Assert.Equal(RegressionThresholds.Default.Warning, parsed.Warning);
        Assert.Equal(0.01, parsed.Alpha);
    }

    [Theory]
    [InlineData(">50MB/hour", 50)]
    [InlineData(">500KB/h", 500.0 / 1024)]
    [InlineData(">1MB/min", 60)]
    [InlineData(">2 gb / hour", 2048)]
    [InlineData(">1024B/s", 3600.0 / 1024)]
    public void TryParse_MemoryLeakUnits_ConvertedToMbPerHour(string text, double expected)
    {
        var block = new Dictionary<string, IReadOnlyDictionary<string, string>>
        {
            ["critical"] = new Dictionary<string, string> { ["memory_leak"] = text },
        };

        var parsed = RegressionThresholds.TryParse(block, null, out _);

        Assert.Equal(expected, parsed!.Critical.MemoryLeakMbPerHour!.Value, 9);
    }

    [Fact]
    public void TryParse_BadValues_EveryProblemAtOnceWithItsKey()
    {
        var block = new Dictionary<string, IReadOnlyDictionary<string, string>>
        {
            ["critical"] = new Dictionary<string, string>
            {
                ["response_time_increase"] = "20%",
                ["throughput_decrease"] = "<15%",
                ["memory_leak"] = ">50MB",
                ["action"] = "deploy_anyway",
                ["latency_increase"] = ">5%",
            },
            ["warning"] = new Dictionary<string, string> { ["minor_degradation"] = "some" },
            ["severe"] = new Dictionary<string, string>(),
        };

        var parsed = RegressionThresholds.TryParse(block, "2", out var issues);

        Assert.Null(parsed);
        Assert.Equal(
            [
                "critical.response_time_increase: expected a percentage such as '>20%' (or 'off'), got '20%'",
                "critical.throughput_decrease: a regression threshold is a change to exceed, written with '>' such as '>20%', got '<15%'",
                "critical.memory_leak: expected a growth rate such as '>50MB/hour' (B, KB, MB or GB per second, minute or hour; or 'off'), got '>50MB'",
                "critical.action: expected block_deployment, require_review or log_and_track, got 'deploy_anyway'",
                "critical.latency_increase: unknown key 'latency_increase'; expected one of response_time_increase, throughput_decrease, error_rate_increase, memory_leak, cpu_increase, memory_increase, minor_degradation, action",
                "warning.minor_degradation: expected 'any' or 'off', got 'some'",
                "severe: unknown level 'severe'; expected critical, warning or notice",
                "alpha: expected a significance level in (0, 0.5] such as 0.05, got '2'",
            ],
            issues.Select(i => i.ToString()));
        Assert.True(issues.Single(i => i.KeyPath == "critical.latency_increase").IsKeyProblem);
        Assert.False(issues.Single(i => i.KeyPath == "critical.action").IsKeyProblem);
    }

    [Fact]
    public void TryParse_WarningAboveCritical_SaysTheOrderIsWrong()
    {
        var block = new Dictionary<string, IReadOnlyDictionary<string, string>>
        {
            ["warning"] = new Dictionary<string, string> { ["response_time_increase"] = ">25%", ["memory_leak"] = ">80MB/hour" },
        };

        RegressionThresholds.TryParse(block, null, out var issues);

        Assert.Equal(
            [
                "warning.response_time_increase: 25% is above critical's 20%; a bigger change must not be a lesser severity",
                "warning.memory_leak: 80 MB/hour is above critical's 50 MB/hour; a bigger change must not be a lesser severity",
            ],
            issues.Select(i => i.ToString()));
    }

    [Fact]
    public void Alpha_OutOfRange_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => RegressionThresholds.Default with { Alpha = 0 });
        Assert.Throws<ArgumentOutOfRangeException>(() => RegressionThresholds.Default with { Alpha = 0.6 });
    }
}
