using System.Diagnostics;
using System.Globalization;
using Redline.Engine;
using Xunit.Abstractions;

namespace Redline.Monitoring.Tests;

[Collection(CpuMeasurementCollection.Name)]
public sealed class ProcessSamplerTests(ITestOutputHelper output)
{

    private const long MiB = 1024 * 1024;

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Sample_ChildBurningHalfACore_ReportsTheCpuItGot(bool useProcFs)
    {
        using var child = ChildProcess.Start("bash", "-c", ChildProcess.BurnHalfCore);
        await Task.Delay(TimeSpan.FromMilliseconds(500));
        using var sampler = new ProcessSampler(child.Pid, useProcFs);
        var (runBefore, wall) = (RunTime(child.Pid), Stopwatch.StartNew());

        await Task.Delay(TimeSpan.FromSeconds(3));
        var sample = sampler.Sample(TimeSpan.FromSeconds(3));
        var got = 100.0 * (RunTime(child.Pid) - runBefore) / wall.Elapsed;

        output.WriteLine($"sampler {sample.CpuPercent:F1}%, scheduler {got:F1}%, RSS {sample.RssBytes / 1024} KiB");
        Assert.True(sample.Alive);
        Assert.Equal(TimeSpan.FromSeconds(3), sample.Elapsed);
        Assert.True(sample.RssBytes > 0);

        // Half a core when the machine is quiet; a machine busy with other work gives the child
        // less, so the sampler is held to what the scheduler says the child really ran.
        Assert.True(got >= 20, $"the machine is too busy: the child ran only {got:F1}% of a core");
        Assert.InRange(sample.CpuPercent, got - 5, got + 5);
        Assert.InRange(sample.CpuPercent, 20, 65);
    }

    [Fact]
    public async Task Sample_IdleChild_ReportsLittleCpu()
    {
        using var child = ChildProcess.Start("sleep", "30");
        using var sampler = new ProcessSampler(child.Pid);

        await Task.Delay(TimeSpan.FromSeconds(1));
        var sample = sampler.Sample(TimeSpan.FromSeconds(1));

        Assert.True(sample.Alive);
        Assert.InRange(sample.CpuPercent, 0, 5);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Sample_ChildHolding210MiB_ReportsRssOfAtLeast200MiB(bool useProcFs)
    {
        // tail keeps a line that has no end in memory: 210 MiB of zeros and no newline.
        using var child = ChildProcess.Start("tail", redirectInput: true);
        using var sampler = new ProcessSampler(child.Pid, useProcFs);
        var input = child.Process.StandardInput.BaseStream;
        var chunk = new byte[MiB];
        for (var i = 0; i < 210; i++)
        {
            await input.WriteAsync(chunk);
        }

        await input.FlushAsync();

        var waited = Stopwatch.StartNew();
        var sample = sampler.Sample(TimeSpan.Zero);
        while (sample.RssBytes < 200 * MiB && waited.Elapsed < TimeSpan.FromSeconds(10))
        {
            await Task.Delay(TimeSpan.FromMilliseconds(100));
            sample = sampler.Sample(TimeSpan.Zero);
        }

        output.WriteLine($"RSS {sample.RssBytes / MiB} MiB after {waited.ElapsedMilliseconds} ms");
        Assert.True(sample.Alive);
        Assert.True(sample.RssBytes >= 200 * MiB, $"RSS was {sample.RssBytes / MiB} MiB");
        Assert.True(sample.RssBytes < 1024 * MiB, $"RSS was {sample.RssBytes / MiB} MiB");
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Sample_KilledChild_ReportsNotAliveWithoutThrowingAndStaysSo(bool useProcFs)
    {
        using var child = ChildProcess.Start("sleep", "30");
        using var sampler = new ProcessSampler(child.Pid, useProcFs);
        Assert.True(sampler.Sample(TimeSpan.FromSeconds(1)).Alive);

        child.Process.Kill();
        Assert.True(child.Process.WaitForExit(5000));

        var after = sampler.Sample(TimeSpan.FromSeconds(2));
        Assert.Equal(new ResourceSample(TimeSpan.FromSeconds(2), 0, 0, Alive: false), after);
        Assert.False(sampler.Sample(TimeSpan.FromSeconds(3)).Alive);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Sample_PidOfExitedProcess_ReportsNotAlive(bool useProcFs)
    {
        using var child = ChildProcess.Start("true");
        Assert.True(child.Process.WaitForExit(5000));

        using var sampler = new ProcessSampler(child.Pid, useProcFs);

        Assert.False(sampler.Sample(TimeSpan.Zero).Alive);
    }

    [Fact]
    public void Constructor_ZeroPid_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new ProcessSampler(0));
    }

    /// <summary>Time on a CPU in nanoseconds, from the scheduler's own account (/proc/pid/schedstat), independent of the stat ticks.</summary>
    private static TimeSpan RunTime(int pid)
    {
        var nanoseconds = long.Parse(File.ReadAllText($"/proc/{pid}/schedstat").Split(' ')[0], CultureInfo.InvariantCulture);
        return TimeSpan.FromTicks(nanoseconds / 100);
    }
}
