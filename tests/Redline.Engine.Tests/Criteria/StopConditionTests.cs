namespace Redline.Engine.Tests.Criteria;

public sealed class StopConditionTests
{
    private static Measures Window(long requests, long errors, double p95) =>
        new(requests, errors, requests / 30.0, new LatencyStats(requests, 1, p95 / 2, p95 / 3, p95 / 2, p95 * 0.8, p95 * 0.9, p95, p95 * 1.2, p95 * 1.5, p95 * 2), LatencyStats.Empty, LatencyStats.Empty, LatencyStats.Empty,
            new Dictionary<string, long>(), new Dictionary<string, long>(), 0, 0, 0, 0);

    private static readonly Dictionary<string, Measures> NoComponents = new(StringComparer.Ordinal);

    [Fact]
    public void TryParse_TheSeedsWords_TwoGroupsOfOneTerm()
    {
        var condition = StopCondition.TryParse("5% error rate OR p95 > 5s", out var error);

        Assert.Null(error);
        Assert.NotNull(condition);
        Assert.Equal(2, condition.AnyOf.Count);
        Assert.Equal(("error_rate", Comparison.GreaterOrEqual, 5.0), (condition.AnyOf[0][0].Metric, condition.AnyOf[0][0].Comparison, condition.AnyOf[0][0].Threshold));
        Assert.Equal(("response_time_p95", Comparison.Greater, 5000.0), (condition.AnyOf[1][0].Metric, condition.AnyOf[1][0].Comparison, condition.AnyOf[1][0].Threshold));
        Assert.Equal(TimeSpan.FromSeconds(30), condition.Window);
    }

    [Fact]
    public void TryParse_AndBindsTighterThanOr()
    {
        var condition = StopCondition.TryParse("error_rate > 1% and login.response_time_p99 >= 2s or throughput < 10/s", out _)!;

        Assert.Equal([2, 1], condition.AnyOf.Select(g => g.Count));
        Assert.Equal("login", condition.AnyOf[0][1].Component);
        Assert.Equal("throughput", condition.AnyOf[1][0].Metric);
    }

    [Theory]
    [InlineData("p95 >", "expected a comparison")]
    [InlineData("p95 is high", "is not a term")]
    [InlineData("foo > 1s", "unknown metric 'foo'")]
    [InlineData("cpu_usage > 50%", "not measured per second")]
    [InlineData("error_rate > 5ms", "'error_rate' is a percentage")]
    [InlineData("p95 > 1s OR ", "an empty term")]
    public void TryParse_BadTerm_SaysWhatIsWrong(string expression, string message)
    {
        Assert.Null(StopCondition.TryParse(expression, out var error));
        Assert.Contains(message, error, StringComparison.Ordinal);
    }

    [Fact]
    public void Holds_EitherGroup_NamesTheTermsThatHeldWithTheirValues()
    {
        var condition = StopCondition.TryParse("5% error rate OR p95 > 5s", out _)!;

        Assert.Null(condition.Holds(Window(1000, 49, 4999), NoComponents));
        var errors = condition.Holds(Window(1000, 50, 100), NoComponents);
        Assert.NotNull(errors);
        Assert.Equal(("error_rate", 5.0), (errors[0].Term.Metric, errors[0].Actual));
        var slow = condition.Holds(Window(1000, 0, 5001), NoComponents);
        Assert.Equal("response_time_p95", Assert.Single(slow!).Term.Metric);
        Assert.Contains("response_time_p95 was 5001", StopCondition.Describe(slow!), StringComparison.Ordinal);
    }

    [Fact]
    public void Holds_AndGroup_NeedsEveryTerm()
    {
        var condition = StopCondition.TryParse("error_rate > 1% AND p95 > 1s", out _)!;

        Assert.Null(condition.Holds(Window(1000, 20, 500), NoComponents));
        Assert.Null(condition.Holds(Window(1000, 5, 1500), NoComponents));
        Assert.NotNull(condition.Holds(Window(1000, 20, 1500), NoComponents));
    }

    [Fact]
    public void Holds_ComponentTerm_ReadsThatComponentOnly()
    {
        var condition = StopCondition.TryParse("login.error_rate > 10%", out _)!;
        var components = new Dictionary<string, Measures>(StringComparer.Ordinal) { ["login"] = Window(100, 20, 10), ["home"] = Window(900, 0, 10) };

        Assert.NotNull(condition.Holds(Window(1000, 20, 10), components));
        Assert.Null(condition.Holds(Window(1000, 20, 10), NoComponents));
    }
}
