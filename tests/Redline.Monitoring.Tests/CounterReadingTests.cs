namespace Redline.Monitoring.Tests;

public sealed class CounterReadingTests
{
    [Fact]
    public void TryRead_MeanInMegabytes_IsInBytes()
    {
        var fields = new Dictionary<string, object>
        {
            ["Name"] = "gc-heap-size",
            ["Mean"] = 12.5,
            ["CounterType"] = "Mean",
            ["IntervalSec"] = 1.0f,
            ["DisplayUnits"] = "MB",
        };

        Assert.True(CounterReading.TryRead(fields, out var reading));
        Assert.Equal(new CounterReading("gc-heap-size", 12_500_000, IsIncrement: false, 1), reading);
    }

    [Fact]
    public void TryRead_Sum_IsTheIncrementOverItsInterval()
    {
        var fields = new Dictionary<string, object>
        {
            ["Name"] = "alloc-rate",
            ["Increment"] = 4096.0,
            ["CounterType"] = "Sum",
            ["IntervalSec"] = 0.998f,
            ["DisplayUnits"] = "B",
        };

        Assert.True(CounterReading.TryRead(fields, out var reading));
        Assert.True(reading.IsIncrement);
        Assert.Equal(4096, reading.Value);
        Assert.Equal(0.998, reading.IntervalSeconds, 3);
    }

    [Fact]
    public void TryRead_WithoutAValue_IsRejected()
    {
        var fields = new Dictionary<string, object> { ["Name"] = "gen-0-gc-count", ["CounterType"] = "Sum" };

        Assert.False(CounterReading.TryRead(fields, out _));
    }
}
