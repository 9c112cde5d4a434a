namespace Redline.Engine.Tests.Metrics;

public sealed class MetricCatalogTests
{
    private static readonly LatencyStats Latency = new(10, 1, 5, 1, 4, 6, 8, 9, 12, 15, 20);

    private static readonly Measures Sample = new(200, 10, 5, Latency, Latency, LatencyStats.Empty, LatencyStats.Empty, new Dictionary<string, long>(), new Dictionary<string, long>(), 3, 2, 1, 0);

    [Fact]
    public void All_Names_AreUniqueAndEveryOneIsACriterionMetric()
    {
        var names = MetricCatalog.All.Select(m => m.Name).ToList();

        Assert.Equal(names.Count, names.Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(names.Order(StringComparer.Ordinal), Criterion.MetricNames.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void All_EveryMetric_HasExactlyOneReader()
    {
        Assert.All(MetricCatalog.All, m => Assert.True((m.FromMeasures is null) != (m.FromResources is null), m.Name));
        Assert.All(MetricCatalog.All.Where(m => m.Scope == MetricScope.Component), m => Assert.NotNull(m.FromMeasures));
    }

    [Theory]
    [InlineData("response_time_p95", MetricDirection.HigherIsWorse, MetricKind.ResponseTime, "ms")]
    [InlineData("throughput", MetricDirection.LowerIsWorse, MetricKind.Throughput, "req/s")]
    [InlineData("error_rate", MetricDirection.HigherIsWorse, MetricKind.ErrorRate, "%")]
    [InlineData("cpu_usage", MetricDirection.HigherIsWorse, MetricKind.Cpu, "%")]
    [InlineData("memory_usage", MetricDirection.HigherIsWorse, MetricKind.Memory, "MB")]
    public void Get_ComparedMetric_CarriesItsDirectionKindAndUnit(string name, MetricDirection direction, MetricKind kind, string symbol)
    {
        var metric = MetricCatalog.Get(name);

        Assert.True(metric.Compared);
        Assert.Equal(direction, metric.Direction);
        Assert.Equal(kind, metric.Kind);
        Assert.Equal(symbol, metric.Symbol);
    }

    [Fact]
    public void Compared_RequestMetrics_AreTheFiveTheGateHasAlwaysJudged()
    {
        var compared = MetricCatalog.All.Where(m => m.Compared && m.Scope == MetricScope.Component).Select(m => m.Name);

        Assert.Equal(["response_time_p50", "response_time_p95", "response_time_p99", "throughput", "error_rate"], compared);
        Assert.Equal(compared, MetricCatalog.All.Where(m => m.Trended).Select(m => m.Name));
    }

    [Theory]
    [InlineData("response_time_p95", 9)]
    [InlineData("response_time_max", 20)]
    [InlineData("throughput", 5)]
    [InlineData("error_rate", 5)]
    [InlineData("requests", 200)]
    [InlineData("errors", 10)]
    [InlineData("late_iterations", 3)]
    [InlineData("dropped_iterations", 2)]
    public void FromMeasures_RequestMetric_ReadsTheMeasures(string name, double expected)
    {
        Assert.Equal(expected, MetricCatalog.Get(name).FromMeasures!(Sample));
    }

    [Fact]
    public void FromMeasures_LatencyWithNoCompletedRequest_IsNull()
    {
        var empty = Sample with { Latency = LatencyStats.Empty };

        Assert.Null(MetricCatalog.ResponseTimeP95.FromMeasures!(empty));
    }

    [Fact]
    public void FromResources_MemoryUsage_ReadsThePeakAndShowsMegabytes()
    {
        var memory = MetricCatalog.Get("memory_usage");
        var target = new TargetReport(10, 20, 15, 64L * 1024 * 1024, 32L * 1024 * 1024, [], null);

        var bytes = memory.FromResources!(new ResourceFigures(target, null, null));

        Assert.Equal(64.0 * 1024 * 1024, bytes);
        Assert.Equal(64, bytes!.Value * memory.DisplayScale, 6);
        Assert.Null(memory.FromResources(new ResourceFigures(null, null, null)));
    }

    [Fact]
    public void Statistic_LatencyMetrics_NameTheirStatisticAndOthersNone()
    {
        Assert.Equal("p999", MetricCatalog.Get("response_time_p999").Statistic);
        Assert.Equal("max", MetricCatalog.Get("service_time_max").Statistic);
        Assert.Null(MetricCatalog.Throughput.Statistic);
    }

    [Fact]
    public void Find_UnknownName_IsNull()
    {
        Assert.Null(MetricCatalog.Find("latency_p95"));
        Assert.Throws<ArgumentException>(() => MetricCatalog.Get("latency_p95"));
    }
}
