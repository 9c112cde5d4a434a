using System.Diagnostics;
using System.Globalization;
using Redline.Engine;
using Redline.Monitoring.Tests.Proc;
using Xunit.Abstractions;

namespace Redline.Monitoring.Tests;

[Collection(CpuMeasurementCollection.Name)]
public sealed class ProcessMetricsSamplerTests(ITestOutputHelper output)
{

    private const long MiB = 1024 * 1024;

    [Fact]
    public async Task Sample_ChildBurningHalfACore_ReportsUserPlusSystemAsTheCpuItGot()
    {
        using var child = ChildProcess.Start("bash", "-c", ChildProcess.BurnHalfCore);
        await Task.Delay(TimeSpan.FromMilliseconds(500));
        using var sampler = new ProcessMetricsSampler(child.Pid);
        var (runBefore, wall) = (RunTime(child.Pid), Stopwatch.StartNew());

        await Task.Delay(TimeSpan.FromSeconds(3));
        var sample = sampler.Sample(TimeSpan.FromSeconds(3));
        var got = 100.0 * (RunTime(child.Pid) - runBefore) / wall.Elapsed;

        output.WriteLine($"user {sample.UserCpuPercent:F1}% system {sample.SystemCpuPercent:F1}%, scheduler {got:F1}%");
        Assert.True(sample.Alive);
        Assert.Equal(TimeSpan.FromSeconds(3), sample.Elapsed);

        // Half a core on a quiet machine; a busy machine gives the child less, so the sampler is
        // held to what the scheduler says the child really ran (the ProcessSamplerTests strategy).
        Assert.True(got >= 20, $"the machine is too busy: the child ran only {got:F1}% of a core");
        Assert.InRange(sample.CpuPercent!.Value, got - 5, got + 5);
        Assert.InRange(sample.CpuPercent!.Value, 20, 65);
        Assert.True(sample.UserCpuPercent > sample.SystemCpuPercent);
    }

    [Fact]
    public async Task Sample_ChildTouching200MiB_ReportsAtLeast200MiBMoreRss()
    {
        // tail keeps a line that has no end in memory: 210 MiB of zeros and no newline.
        using var child = ChildProcess.Start("tail", redirectInput: true);
        using var sampler = new ProcessMetricsSampler(child.Pid);
        var before = sampler.Sample(TimeSpan.Zero).RssBytes!.Value;
        var input = child.Process.StandardInput.BaseStream;
        var chunk = new byte[MiB];
        for (var i = 0; i < 210; i++)
        {
            await input.WriteAsync(chunk);
        }

        await input.FlushAsync();
        var sample = await PollAsync(sampler, s => s.RssBytes - before >= 200 * MiB);

        output.WriteLine($"RSS {before / MiB} -> {sample.RssBytes / MiB} MiB, virtual {sample.VirtualBytes / MiB} MiB");
        Assert.True(sample.RssBytes - before >= 200 * MiB, $"RSS grew by {(sample.RssBytes - before) / MiB} MiB");
        Assert.True(sample.VirtualBytes >= sample.RssBytes);
        Assert.Equal(1, sample.Threads);
    }

    [Fact]
    public async Task Sample_ChildWriting20MiB_ReportsTheBytesInItsIoCounters()
    {
        var file = Path.GetTempFileName();
        try
        {
            // printf is a bash builtin, so the writes are bash's own and count in its /proc/<pid>/io.
            using var child = ChildProcess.Start(
                "bash", "-c", "exec 3>\"$1\"; for i in {1..20}; do printf '%1048576s' '' >&3; done; exec 3>&-; sleep 30", "writer", file);
            using var sampler = new ProcessMetricsSampler(child.Pid);

            var sample = await PollAsync(sampler, s => s.Io?.WriteChars >= 20 * MiB);

            output.WriteLine($"wchar {sample.Io?.WriteChars}, syscw {sample.Io?.WriteSyscalls}, write_bytes {sample.Io?.WriteBytes}");
            Assert.Empty(sampler.Unavailable);
            Assert.True(sample.Io!.WriteChars >= 20 * MiB, $"wchar was {sample.Io.WriteChars}");
            Assert.True(sample.Io.WriteSyscalls >= 20);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task Sample_ChildOpening20Files_ReportsAtLeast20MoreDescriptors()
    {
        using var child = ChildProcess.Start(
            "bash", redirectInput: true, "-c", "echo ready; read -r _; for i in {500..519}; do eval \"exec $i</dev/null\"; done; echo opened; read -r _");
        Assert.Equal("ready", await child.Process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(10)));
        using var sampler = new ProcessMetricsSampler(child.Pid);
        var before = sampler.Sample(TimeSpan.Zero).OpenFileDescriptors!.Value;

        await child.Process.StandardInput.WriteLineAsync("go");
        await child.Process.StandardInput.FlushAsync();
        Assert.Equal("opened", await child.Process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(10)));
        var after = sampler.Sample(TimeSpan.FromSeconds(1)).OpenFileDescriptors!.Value;

        output.WriteLine($"fds {before} -> {after}");
        Assert.True(after - before >= 20, $"fds went from {before} to {after}");
    }

    [Fact]
    public void Sample_KilledChild_ReportsNotAliveWithoutThrowingAndStaysSo()
    {
        using var child = ChildProcess.Start("sleep", "30");
        using var sampler = new ProcessMetricsSampler(child.Pid);
        Assert.True(sampler.Sample(TimeSpan.FromSeconds(1)).Alive);

        child.Process.Kill();
        Assert.True(child.Process.WaitForExit(5000));

        Assert.Equal(ProcessMetrics.NotAlive(TimeSpan.FromSeconds(2)), sampler.Sample(TimeSpan.FromSeconds(2)));
        Assert.False(sampler.Sample(TimeSpan.FromSeconds(3)).Alive);
    }

    [Fact]
    public async Task Sample_IncludeChildren_SumsTheDescendants()
    {
        using var child = ChildProcess.Start("bash", "-c", "sleep 30 & sleep 30 & (sleep 30 & wait) & wait");
        using var sampler = new ProcessMetricsSampler(child.Pid, includeChildren: true);

        var sample = await PollAsync(sampler, s => s.ProcessCount >= 5);

        // bash, two sleeps, the subshell and its sleep.
        Assert.True(sampler.IncludeChildren);
        Assert.Equal(5, sample.ProcessCount);
        Assert.True(sample.Threads >= 5);
    }

    [Fact]
    public void Sample_AnotherUsersIoThatCannotBeRead_ReportsIoUnavailableOnceAndTheRestGoesOn()
    {
        var pid = 1;
        if (CanRead($"/proc/{pid}/io"))
        {
            // Nothing here denies /proc/1/io, so play the case with a /proc tree that lacks the file.
            using var root = FakeProc.Create(pid, withIo: false);
            using var fake = new ProcessMetricsSampler(pid, includeChildren: false, root.Root, supported: true);
            AssertIoUnavailableAndRestPresent(fake);
            return;
        }

        using var sampler = new ProcessMetricsSampler(pid);
        AssertIoUnavailableAndRestPresent(sampler);
        Assert.Contains("permission denied", sampler.Unavailable[ProcessMetricsSampler.IoMetric], StringComparison.Ordinal);
    }

    [Fact]
    public void Sample_PlatformWithoutProc_IsUnsupportedAndDoesNotThrow()
    {
        using var sampler = new ProcessMetricsSampler(Environment.ProcessId, includeChildren: false, "/proc", supported: false);

        var sample = sampler.Sample(TimeSpan.FromSeconds(1));

        Assert.False(sampler.Supported);
        Assert.False(sample.Alive);
        Assert.Null(sample.CpuPercent);
        Assert.Equal(4, sampler.Unavailable.Count);
    }

    [Fact]
    public void Constructor_ZeroPid_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new ProcessMetricsSampler(0));
    }

    private static void AssertIoUnavailableAndRestPresent(ProcessMetricsSampler sampler)
    {
        var first = sampler.Sample(TimeSpan.FromSeconds(1));
        var second = sampler.Sample(TimeSpan.FromSeconds(2));

        Assert.True(second.Alive);
        Assert.Null(first.Io);
        Assert.Null(second.Io);
        Assert.Equal([ProcessMetricsSampler.IoMetric], sampler.Unavailable.Keys);
        Assert.NotNull(second.RssBytes);
        Assert.NotNull(second.Threads);
        Assert.NotNull(second.UserCpuPercent);
    }

    private static bool CanRead(string path)
    {
        try
        {
            File.ReadAllText(path);
            return true;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
    }

    private static async Task<ProcessMetrics> PollAsync(ProcessMetricsSampler sampler, Func<ProcessMetrics, bool> done)
    {
        var waited = Stopwatch.StartNew();
        var sample = sampler.Sample(TimeSpan.Zero);
        while (!done(sample) && waited.Elapsed < TimeSpan.FromSeconds(10))
        {
            await Task.Delay(TimeSpan.FromMilliseconds(100));
            sample = sampler.Sample(waited.Elapsed);
        }

        return sample;
    }

    /// <summary>Time on a CPU from the scheduler's own account (/proc/pid/schedstat), independent of the stat ticks.</summary>
    private static TimeSpan RunTime(int pid)
    {
        var nanoseconds = long.Parse(File.ReadAllText($"/proc/{pid}/schedstat").Split(' ')[0], CultureInfo.InvariantCulture);
        return TimeSpan.FromTicks(nanoseconds / 100);
    }
}
