using System.Diagnostics;
using Redline.Engine;
using Xunit.Abstractions;

namespace Redline.Monitoring.Tests;

public sealed class DiagnosticsPortRuntimeSamplerTests(ITestOutputHelper output)
{
    private static readonly TimeSpan ConnectWait = TimeSpan.FromSeconds(15);

    [Fact(Timeout = 60_000)]
    public async Task Sample_AllocatingDotnetChild_ReportsCollectionsAllocationAndPauses()
    {
        using var child = await Allocator.StartAsync(seconds: 30, megabytesPerSecond: 50);
        using var sampler = new DiagnosticsPortRuntimeSampler(child.Pid);
        await WaitUntilAsync(() => sampler.Sample(TimeSpan.Zero).Connected, ConnectWait, () => Describe(sampler));

        var samples = new List<RuntimeMetrics>();
        for (var second = 1; second <= 5; second++)
        {
            await Task.Delay(TimeSpan.FromSeconds(1));
            samples.Add(sampler.Sample(TimeSpan.FromSeconds(second)));
            output.WriteLine(samples[^1].ToString() + " pauses: " + string.Join(", ", samples[^1].GcPausesMs.Select(p => p.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture))));
        }

        Assert.Empty(sampler.Unavailable);
        Assert.All(samples, s => Assert.True(s.Connected));
        Assert.True(samples.Sum(s => s.Gen0Collections ?? 0) > 0, "no gen 0 collection was counted");
        Assert.Contains(samples, s => s.AllocatedBytesPerSecond > 5_000_000);
        Assert.Contains(samples, s => s.GcHeapBytes > 0);
        Assert.Contains(samples, s => s.HeapAfterGcBytes > 0);
        Assert.Contains(samples, s => s.WorkingSetBytes > 0);
        Assert.Contains(samples, s => s.ThreadPoolThreads >= 0);
        Assert.Contains(samples, s => s.ThreadPoolQueueLength >= 0);
        Assert.Contains(samples, s => s.TimeInGcPercent >= 0);
        var pauses = samples.SelectMany(s => s.GcPausesMs).ToList();
        Assert.NotEmpty(pauses);
        Assert.All(pauses, p => Assert.InRange(p, double.Epsilon, 1000));
    }

    [Fact(Timeout = 30_000)]
    public async Task Constructor_NotADotnetProcess_ReportsWhyAndNeverConnects()
    {
        using var child = ChildProcess.Start("sleep", "30");
        var sampler = new DiagnosticsPortRuntimeSampler(child.Pid, TimeSpan.FromSeconds(2));
        try
        {
            await WaitUntilAsync(() => sampler.Unavailable.Count > 0, TimeSpan.FromSeconds(10), () => "no reason was given");

            var reason = Assert.Single(sampler.Unavailable);
            Assert.Equal(DiagnosticsPortRuntimeSampler.RuntimeMetric, reason.Key);
            Assert.Contains("no .NET diagnostics port", reason.Value, StringComparison.Ordinal);
            var sample = sampler.Sample(TimeSpan.FromSeconds(1));
            Assert.False(sample.Connected);
            Assert.Null(sample.GcHeapBytes);
        }
        finally
        {
            AssertDisposesQuickly(sampler);
        }
    }

    [Fact(Timeout = 60_000)]
    public async Task Sample_TargetExitsWhileSampled_ReportsNotConnectedAndThatItExited()
    {
        using var child = await Allocator.StartAsync(seconds: 4);
        var sampler = new DiagnosticsPortRuntimeSampler(child.Pid);
        try
        {
            await WaitUntilAsync(() => sampler.Sample(TimeSpan.Zero).Connected, ConnectWait, () => Describe(sampler));
            await WaitUntilAsync(() => !sampler.Sample(TimeSpan.Zero).Connected, TimeSpan.FromSeconds(20), () => "still connected");

            Assert.True(child.Process.WaitForExit(5000));
            Assert.False(sampler.Sample(TimeSpan.FromSeconds(10)).Connected);
            var reason = Assert.Single(sampler.Unavailable);
            Assert.Contains("exited", reason.Value, StringComparison.Ordinal);
        }
        finally
        {
            AssertDisposesQuickly(sampler);
        }
    }

    [Fact(Timeout = 30_000)]
    public async Task Constructor_ProcessNotRunning_ReportsIt()
    {
        using var gone = Process.Start("true")!;
        await gone.WaitForExitAsync();
        var sampler = new DiagnosticsPortRuntimeSampler(gone.Id);
        try
        {
            await WaitUntilAsync(() => sampler.Unavailable.Count > 0, TimeSpan.FromSeconds(10), () => "no reason was given");

            Assert.Contains("is not running", Assert.Single(sampler.Unavailable).Value, StringComparison.Ordinal);
            Assert.False(sampler.Sample(TimeSpan.Zero).Connected);
        }
        finally
        {
            AssertDisposesQuickly(sampler);
        }
    }

    [Fact(Timeout = 60_000)]
    public async Task Dispose_WhileConnectingOrConnected_ReturnsQuicklyAndStopsSampling()
    {
        using var child = await Allocator.StartAsync(seconds: 30);
        AssertDisposesQuickly(new DiagnosticsPortRuntimeSampler(child.Pid));

        var sampler = new DiagnosticsPortRuntimeSampler(child.Pid);
        await WaitUntilAsync(() => sampler.Sample(TimeSpan.Zero).Connected, ConnectWait, () => Describe(sampler));
        AssertDisposesQuickly(sampler);

        Assert.False(sampler.Sample(TimeSpan.Zero).Connected);
        Assert.Empty(sampler.Unavailable);
        Assert.False(child.Process.HasExited);
    }

    [Fact(Timeout = 60_000)]
    public async Task Dispose_TargetFrozen_ReturnsQuickly()
    {
        using var child = await Allocator.StartAsync(seconds: 30);
        var sampler = new DiagnosticsPortRuntimeSampler(child.Pid);
        try
        {
            await WaitUntilAsync(() => sampler.Sample(TimeSpan.Zero).Connected, ConnectWait, () => Describe(sampler));
            await SignalAsync(child.Pid, "STOP");

            // A stopped process never answers the stop command: the stream is closed under the reader.
            AssertDisposesQuickly(sampler);
        }
        finally
        {
            sampler.Dispose();
            await SignalAsync(child.Pid, "CONT");
        }
    }

    private static async Task SignalAsync(int pid, string signal)
    {
        using var kill = ChildProcess.Start("bash", "-c", $"kill -{signal} {pid}");
        await kill.Process.WaitForExitAsync();
        Assert.Equal(0, kill.Process.ExitCode);
    }

    private static void AssertDisposesQuickly(DiagnosticsPortRuntimeSampler sampler)
    {
        var watch = Stopwatch.StartNew();
        sampler.Dispose();
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(3), $"Dispose took {watch.Elapsed}");
    }

    private static string Describe(DiagnosticsPortRuntimeSampler sampler) =>
        sampler.Unavailable.Count == 0 ? "not connected" : string.Join("; ", sampler.Unavailable.Values);

    private static async Task WaitUntilAsync(Func<bool> condition, TimeSpan timeout, Func<string> failure)
    {
        var watch = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(watch.Elapsed < timeout, $"gave up after {timeout}: {failure()}");
            await Task.Delay(50);
        }
    }
}
