using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Redline.Engine;
using Redline.Monitoring.Tests.Proc;
using Xunit.Abstractions;

namespace Redline.Monitoring.Tests;

public sealed class SystemMetricsSamplerTests(ITestOutputHelper output)
{
    private const int OneMiB = 1024 * 1024;

    [Fact]
    public async Task Sample_ThisMachine_ReturnsPlausibleCpuLoadAndMemory()
    {
        var sampler = new SystemMetricsSampler();
        await Task.Delay(TimeSpan.FromMilliseconds(300));

        var sample = sampler.Sample(TimeSpan.FromSeconds(1));

        Assert.True(sampler.Supported);
        Assert.Empty(sampler.Unavailable);
        Assert.Equal(TimeSpan.FromSeconds(1), sample.Elapsed);
        var cpu = sample.Cpu!;
        output.WriteLine($"{cpu}; {sample.Load}; {sample.Memory}");
        foreach (var percent in new[] { cpu.UserPercent, cpu.SystemPercent, cpu.IoWaitPercent, cpu.StealPercent, cpu.IdlePercent })
        {
            Assert.InRange(percent, 0, 100);
        }

        Assert.InRange(cpu.UserPercent + cpu.SystemPercent + cpu.IoWaitPercent + cpu.StealPercent + cpu.IdlePercent, 95, 100.001);
        Assert.True(sample.Load!.OneMinute >= 0);
        Assert.True(sample.Memory!.AvailableBytes > 0);
        Assert.True(sample.Memory.UsedBytes > 0);
        Assert.True(sample.Memory.UsedBytes + sample.Memory.AvailableBytes <= sample.Memory.TotalBytes);
        Assert.NotNull(sample.Disks);
        Assert.DoesNotContain(sample.Disks, d => d.Device.StartsWith("loop", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Sample_LoopbackTrafficAndAListeningSocket_ShowInInterfaceAndTcpStates()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var wall = Stopwatch.StartNew();
        var sampler = new SystemMetricsSampler(connectionStateInterval: TimeSpan.Zero);

        using (var client = new TcpClient())
        {
            await client.ConnectAsync(IPAddress.Loopback, ((IPEndPoint)listener.LocalEndpoint).Port);
            using var server = await listener.AcceptTcpClientAsync();
            var sent = new byte[OneMiB];
            var received = new byte[64 * 1024];
            var send = client.GetStream().WriteAsync(sent).AsTask();
            var total = 0;
            while (total < sent.Length)
            {
                total += await server.GetStream().ReadAsync(received);
            }

            await send;
        }

        var sample = sampler.Sample(wall.Elapsed);
        var seconds = wall.Elapsed.TotalSeconds;

        var lo = Assert.Single(sample.Interfaces!, i => i.Interface == "lo");
        output.WriteLine($"lo {lo}; tcp {string.Join(", ", sample.Tcp!.ConnectionsByState!)}");

        // The sampler's interval lies inside the test's stopwatch, so rate × the longer time covers what was sent.
        Assert.True(lo.ReceivedBytesPerSecond * seconds >= OneMiB, $"lo received {lo.ReceivedBytesPerSecond:F0} B/s over {seconds:F2} s");
        Assert.True(lo.SentPacketsPerSecond > 0);
        Assert.True(sample.Tcp.ConnectionsByState!.GetValueOrDefault("LISTEN") >= 1);
        Assert.NotNull(sample.Tcp.RetransmitsPerSecond);
        Assert.InRange(sample.Tcp.RetransmitsPerSecond!.Value, 0, sample.Tcp.SegmentsSentPerSecond!.Value);
    }

    [Fact]
    public void Sample_ConnectionStateIntervalNotPassed_ReusesTheLastCounts()
    {
        var sampler = new SystemMetricsSampler(TimeSpan.FromHours(1));
        var before = sampler.Sample(TimeSpan.FromSeconds(1)).Tcp!.ConnectionsByState;
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();

        var after = sampler.Sample(TimeSpan.FromSeconds(2)).Tcp!.ConnectionsByState;

        Assert.Same(before, after);
        Assert.Equal(TimeSpan.FromHours(1), sampler.ConnectionStateInterval);
    }

    [Fact]
    public void Sample_ProcTreeWithOnlySomeFiles_ReportsTheMissingOnesOnceAndTheRestGoesOn()
    {
        using var fake = FakeProc.Empty();
        var root = fake.Root;
        File.WriteAllText(Path.Combine(root, "loadavg"), "0.50 0.25 0.10 1/100 42\n");
        File.WriteAllText(Path.Combine(root, "meminfo"), "MemTotal: 1000 kB\nMemFree: 200 kB\nMemAvailable: 600 kB\nCached: 300 kB\n");
        File.WriteAllText(Path.Combine(root, "stat"), "not a stat file\n");

        var sampler = new SystemMetricsSampler(root, supported: true);
        var first = sampler.Sample(TimeSpan.FromSeconds(1));
        var second = sampler.Sample(TimeSpan.FromSeconds(2));

        Assert.Equal(new LoadAverageMetrics(0.5, 0.25, 0.1), second.Load);
        Assert.Equal(new SystemMemoryMetrics(1000 * 1024, 400 * 1024, 600 * 1024, 300 * 1024), second.Memory);
        Assert.Null(second.Cpu);
        Assert.Null(second.Disks);
        Assert.Null(second.Interfaces);
        Assert.Null(second.Tcp);
        Assert.Equal(first with { Elapsed = second.Elapsed }, second);
        Assert.Equal(
            ["cpu", "disk", "network", "tcp_connections", "tcp_retransmits"],
            sampler.Unavailable.Keys.Order(StringComparer.Ordinal));
        Assert.Contains("expected format", sampler.Unavailable[SystemMetricsSampler.CpuMetric], StringComparison.Ordinal);
        Assert.Contains("does not exist", sampler.Unavailable[SystemMetricsSampler.DiskMetric], StringComparison.Ordinal);
    }

    [Fact]
    public void Sample_PlatformWithoutProc_IsUnsupportedAndDoesNotThrow()
    {
        var sampler = new SystemMetricsSampler("/proc", supported: false);

        var sample = sampler.Sample(TimeSpan.FromSeconds(1));

        Assert.False(sampler.Supported);
        Assert.Equal(new SystemMetrics(TimeSpan.FromSeconds(1), null, null, null, null, null, null), sample);
        Assert.Equal(7, sampler.Unavailable.Count);
    }
}
