using Redline.Engine;

namespace Redline.Alerts.Tests;

/// <summary>Alert conditions in the seed's form: what each means, and a clear reason for what is wrong.</summary>
public sealed class AlertConditionTests
{
    [Fact]
    public void TryParse_TheSeedsFourConditions_ReadAsTheyMean()
    {
        var p95 = Parse("p95_response_time > 1000ms for 5m");
        var errors = Parse("error_rate > 5% for 2m");
        var resources = Parse("cpu_usage > 85% OR memory_usage > 90%");
        var regression = Parse("performance_regression == true");

        var latency = Assert.Single(Assert.Single(p95.AnyOf));
        Assert.Equal(("response_time_p95", Comparison.Greater, 1000.0, "ms"), (latency.Metric, latency.Comparison, latency.Threshold, latency.Unit));
        Assert.Equal(TimeSpan.FromMinutes(5), p95.For);
        Assert.Equal(TimeSpan.FromMinutes(2), errors.For);
        Assert.Equal(5, Assert.Single(Assert.Single(errors.AnyOf)).Threshold);
        Assert.Equal(2, resources.AnyOf.Count);
        Assert.Equal(TimeSpan.Zero, resources.For);
        Assert.Equal(("memory_usage", "%", 90.0), (resources.AnyOf[1][0].Metric, resources.AnyOf[1][0].Unit, resources.AnyOf[1][0].Threshold));
        Assert.True(regression.IsRegression);
        Assert.False(p95.IsRegression);
    }

    [Fact]
    public void TryParse_AndBindsBeforeOr_AndAComponentScopedClause()
    {
        var condition = Parse("login.error_rate > 1% AND response_time_p99 >= 2s OR throughput < 10/s for 30s");

        Assert.Equal(2, condition.AnyOf.Count);
        Assert.Equal(["login", null], condition.AnyOf[0].Select(c => c.Component));
        Assert.Equal(2000, condition.AnyOf[0][1].Threshold);
        Assert.Equal("throughput", Assert.Single(condition.AnyOf[1]).Metric);
        Assert.Equal(TimeSpan.FromSeconds(30), condition.For);
    }

    [Theory]
    [InlineData("p95_latency > 1s", "unknown metric 'p95_latency'")]
    [InlineData("error_rate > 5ms", "'error_rate' is a percentage")]
    [InlineData("error_rate > 5% for 2 minutes", "expected a comparison")]
    [InlineData("error_rate > 5% for 2x", "'for 2x' is not a duration")]
    [InlineData("performance_regression == true OR error_rate > 1%", "stands alone")]
    [InlineData("performance_regression == false", "write performance_regression == true")]
    [InlineData("login.cpu_usage > 50%", "not one component's")]
    [InlineData("", "empty")]
    public void TryParse_AWrongCondition_SaysWhatIsWrong(string text, string expected)
    {
        Assert.Null(AlertCondition.TryParse(text, out var error));
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_OneSecond_ReadsTheMetricsOfThatSecond()
    {
        var second = Seconds.Of(3, errorPercent: 12, latencyMs: 40);

        Assert.Equal((true, 12.0), Parse("error_rate > 5%").Evaluate(second, cores: 2));
        Assert.Equal((false, 12.0), Parse("error_rate > 50%").Evaluate(second, cores: 2));
        Assert.True(Parse("home.response_time_p95 > 39ms").Evaluate(second, cores: 2).Holds);
        // The target used 150% of one core: 75% of a two-core machine.
        Assert.Equal((true, 75.0), Parse("cpu_usage > 70%").Evaluate(second, cores: 2));
        Assert.Equal((true, 80.0 * 1024 * 1024), Parse("memory_usage > 64MB").Evaluate(second, cores: 2));
        Assert.False(Parse("nothere.error_rate > 1%").Evaluate(second, cores: 2).Holds);
    }

    private static AlertCondition Parse(string text) =>
        AlertCondition.TryParse(text, out var error) ?? throw new InvalidOperationException(error);
}
