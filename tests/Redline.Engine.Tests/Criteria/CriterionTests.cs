namespace Redline.Engine.Tests.Criteria;

public sealed class CriterionTests
{
    [Theory]
    [InlineData("response_time_p95", "<1000ms", null, 1000.0, Comparison.Less)]
    [InlineData("response_time_max", "<= 2s", null, 2000.0, Comparison.LessOrEqual)]
    [InlineData("circle_of_experts.response_time_p95", "<1500ms", "circle_of_experts", 1500.0, Comparison.Less)]
    [InlineData("error_rate", "<1%", null, 1.0, Comparison.Less)]
    [InlineData("throughput", ">100/s", null, 100.0, Comparison.Greater)]
    [InlineData("throughput", ">=12000/m", null, 200.0, Comparison.GreaterOrEqual)]
    [InlineData("memory_usage", "<2GB", null, 2147483648.0, Comparison.Less)]
    [InlineData("dropped_iterations", "==0", null, 0.0, Comparison.Equal)]
    public void TryParse_SeedSyntax_ParsesThresholdInCanonicalUnit(string name, string expression, string? component, double threshold, Comparison comparison)
    {
        var criterion = Criterion.TryParse(name, expression, out var error);

        Assert.Null(error);
        Assert.NotNull(criterion);
        Assert.Equal(component, criterion.Component);
        Assert.Equal(threshold, criterion.Threshold, 6);
        Assert.Equal(comparison, criterion.Comparison);
    }

    [Theory]
    [InlineData("response_time_p42", "<1s", "unknown metric 'response_time_p42'")]
    [InlineData("error_rate", "<5ms", "'error_rate' is a percentage; 'ms' is not a unit for it (expected %)")]
    [InlineData("response_time_p95", "<1000", "'response_time_p95' is a duration; '' is not a unit for it (expected ms, s, us, m or h)")]
    [InlineData("throughput", "fast", "expected a comparison such as '<500ms', '<1%' or '>100/s', got 'fast'")]
    public void TryParse_BadCriterion_SaysWhy(string name, string expression, string message)
    {
        var criterion = Criterion.TryParse(name, expression, out var error);

        Assert.Null(criterion);
        Assert.StartsWith(message, error, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_UnmeasurableCriterion_FailsWithANote()
    {
        var latency = new LatencyStats(10, 1, 5, 1, 5, 6, 7, 8, 9, 9.5, 10);
        var measures = new Measures(10, 1, 5, latency, latency, LatencyStats.Empty, LatencyStats.Empty, new Dictionary<string, long>(), new Dictionary<string, long>(), 0, 0, 0, 0);
        Criterion Parse(string n, string e) => Criterion.TryParse(n, e, out _)!;

        var outcomes = CriteriaEvaluator.Evaluate(
            [Parse("response_time_p95", "<10ms"), Parse("error_rate", "<5%"), Parse("cpu_usage", "<50%"), Parse("c.response_time_p99", "<9.5ms")],
            measures,
            new Dictionary<string, Measures> { ["c"] = measures },
            new ResourceFigures(null, null, null));

        Assert.True(outcomes[0].Passed);
        Assert.Equal(8, outcomes[0].Actual);
        Assert.False(outcomes[1].Passed);
        Assert.Equal(10, outcomes[1].Actual);
        Assert.False(outcomes[2].Passed);
        Assert.Null(outcomes[2].Actual);
        Assert.Contains("not measured", outcomes[2].Note, StringComparison.Ordinal);
        Assert.True(outcomes[3].Passed);
    }
}
