namespace Redline.Engine.Tests.Criteria;

public sealed class ResourceCriteriaTests
{
    private const double MiB = 1024 * 1024;

    private static readonly Measures NoRequests = new(0, 0, 0, LatencyStats.Empty, LatencyStats.Empty, LatencyStats.Empty, LatencyStats.Empty, new Dictionary<string, long>(), new Dictionary<string, long>(), 0, 0, 0, 0);

    private static Criterion Parse(string name, string expression)
    {
        var criterion = Criterion.TryParse(name, expression, out var error);
        Assert.True(criterion is not null, error);
        return criterion;
    }

    /// <summary>Resources of a target whose runtime was read: pauses of 1..100 ms (p95 95, p99 99), heap growing 40 MB/h (when given), thread-pool queue peaking at 7.</summary>
    private static ResourceReport Measured(double? heapGrowth = 40 * MiB) => new(
        true,
        4242,
        null,
        new Dictionary<string, string>(),
        [1, 2, 3],
        [new ResourceSeries("target.runtime.thread_pool_queue", "count", [0, 7, 3])],
        GcPauseSummary.From(Enumerable.Range(1, 100).Select(p => (double)p)),
        null,
        heapGrowth);

    private static BusinessReport Business(double? recoverySeconds) =>
        new(10, 10, 0, new Dictionary<string, long>(), [], new Spread(0, 0, 0), null, null) { RecoveryTimeSeconds = recoverySeconds };

    private static CriterionOutcome Evaluate(Criterion criterion, ResourceFigures figures, string? component = null) =>
        Assert.Single(CriteriaEvaluator.Evaluate(
            [criterion],
            NoRequests,
            component is null ? new Dictionary<string, Measures>() : new Dictionary<string, Measures> { [component] = NoRequests },
            figures));

    [Theory]
    [InlineData("<50MB/h", 50 * MiB)]
    [InlineData("<1MB/s", MiB * 3600)]
    [InlineData("<2GB/h", 2 * 1024 * MiB)]
    [InlineData("<=512KB/h", 512 * 1024.0)]
    [InlineData("<60MB/m", 3600 * MiB)]
    [InlineData("<1000B/h", 1000.0)]
    public void TryParse_HeapGrowth_ThresholdIsInBytesPerHour(string expression, double bytesPerHour)
    {
        var criterion = Parse("heap_growth", expression);

        Assert.Equal(MetricUnit.BytesPerHour, criterion.Unit);
        Assert.Equal(bytesPerHour, criterion.Threshold, 6);
    }

    [Theory]
    [InlineData("<50ms")]
    [InlineData("<50MB")]
    [InlineData("<50/h")]
    [InlineData("<50")]
    public void TryParse_HeapGrowthWithoutAGrowthUnit_SaysWhichUnitsItTakes(string expression)
    {
        var criterion = Criterion.TryParse("heap_growth", expression, out var error);

        Assert.Null(criterion);
        Assert.NotNull(error);
        Assert.StartsWith("'heap_growth' is a growth rate;", error, StringComparison.Ordinal);
        Assert.Contains("MB/h", error, StringComparison.Ordinal);
        Assert.Contains("GB/h", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("gc_pause_p99", "<120ms", 120.0, MetricUnit.Milliseconds)]
    [InlineData("gc_pause_p99", "<0.5s", 500.0, MetricUnit.Milliseconds)]
    [InlineData("thread_pool_queue", "<100", 100.0, MetricUnit.Count)]
    [InlineData("recovery_time", "<30s", 30_000.0, MetricUnit.Milliseconds)]
    public void TryParse_ResourceCriteria_ParseIntoTheirUnits(string name, string expression, double threshold, MetricUnit unit)
    {
        var criterion = Parse(name, expression);

        Assert.Null(criterion.Component);
        Assert.Equal(Comparison.Less, criterion.Comparison);
        Assert.Equal(threshold, criterion.Threshold, 6);
        Assert.Equal(unit, criterion.Unit);
    }

    [Theory]
    [InlineData("thread_pool_queue", "<100ms")]
    [InlineData("gc_pause_p99", "<120")]
    [InlineData("recovery_time", "<30%")]
    public void TryParse_ResourceCriterionInAWrongUnit_Fails(string name, string expression)
    {
        Assert.Null(Criterion.TryParse(name, expression, out var error));
        Assert.Contains("is not a unit for it", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("login.gc_pause_p99", "<120ms")]
    [InlineData("login.heap_growth", "<50MB/h")]
    [InlineData("login.thread_pool_queue", "<100")]
    [InlineData("login.recovery_time", "<30s")]
    [InlineData("login.cpu_usage", "<90%")]
    [InlineData("login.memory_usage", "<2GB")]
    public void Evaluate_ComponentScopedResourceCriterion_IsNotMeasuredAndSaysWhy(string name, string expression)
    {
        var criterion = Parse(name, expression);

        // The whole scenario's figures would pass each of these; only the scoping makes them fail.
        var target = new TargetReport(40, 50, 10, 100 << 20, 90 << 20, [], null);
        var outcome = Evaluate(criterion, new ResourceFigures(target, Measured(), Business(1)), component: "login");

        Assert.Equal("login", criterion.Component);
        Assert.False(outcome.Passed);
        Assert.Null(outcome.Actual);
        Assert.Equal("resource and recovery criteria apply to the whole scenario, not to one component", outcome.Note);
    }

    [Fact]
    public void Evaluate_RuntimeRead_ComparesPausesHeapAndQueue()
    {
        var figures = new ResourceFigures(null, Measured(), null);

        var pauses = Evaluate(Parse("gc_pause_p99", "<99ms"), figures);
        var heap = Evaluate(Parse("heap_growth", "<50MB/h"), figures);
        var queue = Evaluate(Parse("thread_pool_queue", "<7"), figures);

        Assert.Equal((99.0, false, "ms"), (pauses.Actual, pauses.Passed, pauses.Unit));
        Assert.Equal((40 * MiB, true, "bytes/h"), (heap.Actual, heap.Passed, heap.Unit));
        Assert.Equal((7.0, false, "count"), (queue.Actual, queue.Passed, queue.Unit));
    }

    [Fact]
    public void Evaluate_HeapTrendTooShort_IsNotMeasuredAndSaysWhy()
    {
        const string Why = "not measured: the heap trend needs 30 seconds of the runtime's figures, and it had 12";
        var outcome = Evaluate(Parse("heap_growth", "<50MB/h"), new ResourceFigures(null, Measured(heapGrowth: null) with { HeapGrowthNote = Why }, null));

        Assert.False(outcome.Passed);
        Assert.Null(outcome.Actual);
        Assert.Equal(Why, outcome.Note);
    }

    [Fact]
    public void Evaluate_RuntimeUnavailable_NamesTheReason()
    {
        var resources = Measured() with
        {
            Unavailable = new Dictionary<string, string> { ["target.runtime"] = "not a .NET process" },
            Series = [],
            TargetGcPauses = null,
            HeapGrowthBytesPerHour = null,
        };

        var outcomes = CriteriaEvaluator.Evaluate(
            [Parse("gc_pause_p99", "<120ms"), Parse("heap_growth", "<50MB/h"), Parse("thread_pool_queue", "<100")],
            NoRequests,
            new Dictionary<string, Measures>(),
            new ResourceFigures(null, resources, null));

        Assert.All(outcomes, o =>
        {
            Assert.False(o.Passed);
            Assert.Null(o.Actual);
            Assert.Equal("not measured: the target's .NET runtime could not be read (not a .NET process)", o.Note);
        });
    }

    [Fact]
    public void Evaluate_NoResourceMonitor_SaysThereIsNoTarget()
    {
        var outcome = Evaluate(Parse("gc_pause_p99", "<120ms"), new ResourceFigures(null, null, null));

        Assert.False(outcome.Passed);
        Assert.StartsWith("not measured: no target process to watch", outcome.Note, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(2.0, 2000.0, true)]
    [InlineData(45.0, 45_000.0, false)]
    [InlineData(null, 0.0, true)]
    public void Evaluate_RecoveryTime_ComparesTheLongestRecoveryInMilliseconds(double? recoverySeconds, double actualMs, bool passed)
    {
        var outcome = Evaluate(Parse("recovery_time", "<30s"), new ResourceFigures(null, null, Business(recoverySeconds)));

        Assert.Equal(actualMs, outcome.Actual);
        Assert.Equal(passed, outcome.Passed);
    }
}
