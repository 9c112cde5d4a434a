using System.Diagnostics;

namespace Redline.Engine.Tests.Execution;

public sealed class PreciseWaiterTests
{
    [Fact]
    public async Task WaitUntil_NeverCompletesBeforeItsMoment()
    {
        using var waiter = PreciseWaiter.For(TimeProvider.System);
        Assert.NotNull(waiter); // Linux, system clock

        var due = Stopwatch.GetTimestamp();
        for (var i = 0; i < 50; i++)
        {
            due += Stopwatch.Frequency / 2000; // every 0.5 ms
            Assert.True(await waiter.WaitUntilAsync(due, CancellationToken.None));
            Assert.True(Stopwatch.GetTimestamp() >= due);
        }
    }

    [Fact]
    public async Task WaitUntil_Cancelled_CompletesFalseWithinASlice()
    {
        using var waiter = PreciseWaiter.For(TimeProvider.System)!;
        using var stop = new CancellationTokenSource(TimeSpan.FromMilliseconds(50));

        var watch = Stopwatch.StartNew();
        var reached = await waiter.WaitUntilAsync(Stopwatch.GetTimestamp() + (60 * Stopwatch.Frequency), stop.Token);

        Assert.False(reached);
        Assert.InRange(watch.Elapsed, TimeSpan.FromMilliseconds(40), TimeSpan.FromSeconds(5));
    }

    [Fact]
    public void For_AFakeClock_IsNone()
    {
        Assert.Null(PreciseWaiter.For(new Microsoft.Extensions.Time.Testing.FakeTimeProvider()));
    }
}
