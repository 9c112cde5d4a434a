using System.Diagnostics;
using Redline.Cli.Chaos;

namespace Redline.Cli.Tests.Chaos;

/// <summary>The target's control group on the machine's real cgroups: the CPU quota measured against what was asked, the memory limit, and nothing left after.</summary>
/// <remarks>
/// With the end-to-end tests, never beside them: <c>redline chaos clean</c> in one of those removes every
/// <c>redline-*</c> group its own journal does not hold, and these groups are in a journal of their own.
/// </remarks>
[Collection(EndToEnd.EndToEndCollection.Name)]
public sealed class TargetCgroupTests : IDisposable
{
    private readonly string _journal = Directory.CreateTempSubdirectory("redline-leases-").FullName;
    private readonly Process _busy = Process.Start(new ProcessStartInfo("sh", ["-c", "while :; do :; done"]) { UseShellExecute = false })!;

    public void Dispose()
    {
        _busy.Kill();
        _busy.WaitForExit();
        _busy.Dispose();
        Directory.Delete(_journal, recursive: true);
    }

    [RootFact]
    public async Task LimitCpu_QuarterOfACore_TheGroupUsesAQuarterAndIsThrottled()
    {
        var leases = new FaultLeases(_journal);
        var (found, _) = Cgroups.Probe();
        var before = Cgroups.PathOf(_busy.Id, found!["cpu"]);
        using (var cgroup = TargetCgroup.Create(leases, "test-cpu", _busy.Id))
        {
            Assert.Contains(_busy.Id, Cgroups.Pids(cgroup.Dir("cpu")));
            Assert.Single(leases.All());
            Assert.Null(cgroup.LimitCpu(0.25));
            await Task.Delay(500);
            var (cpu0, (periods0, throttled0)) = (cgroup.CpuSeconds(), cgroup.Throttling());
            var clock = Stopwatch.StartNew();
            await Task.Delay(2000);
            var used = (cgroup.CpuSeconds() - cpu0) / clock.Elapsed.TotalSeconds;
            var (periods, throttled) = cgroup.Throttling();

            // A loop that wants a whole core gets no more than a quarter (less only when the machine is busy), throttled in nearly every period.
            // The kernel counts a period when it starts and its throttling when the quota runs out, so a
            // reading taken in between holds a period not yet throttled: the counts can differ by one.
            Assert.InRange(used!.Value, 0.1, 0.27);
            Assert.InRange(throttled - throttled0, (periods - periods0) * 0.8, periods - periods0 + 1);

            Assert.Null(cgroup.UnlimitCpu());
            await Task.Delay(500);
            var cpu1 = cgroup.CpuSeconds();
            await Task.Delay(1000);
            Assert.InRange((cgroup.CpuSeconds() - cpu1)!.Value, 0.4, 1.2);
        }

        Assert.Equal(before, Cgroups.PathOf(_busy.Id, found["cpu"]));
        Assert.Empty(leases.All());
        Assert.DoesNotContain(Cgroups.Ours(), d => d.Contains("redline-test-cpu", StringComparison.Ordinal));
    }

    [RootFact]
    public void LimitMemory_BelowUsageShare_IsSetReadAndLifted()
    {
        var leases = new FaultLeases(_journal);
        using var cgroup = TargetCgroup.Create(leases, "test-memory", _busy.Id);

        var usage = cgroup.MemoryBytes();
        Assert.NotNull(usage);
        var workingSet = cgroup.WorkingSetBytes();
        Assert.NotNull(workingSet);
        Assert.InRange(workingSet!.Value, 0, usage!.Value);
        var limit = Math.Max(usage!.Value * 10 / 9, 8 * 1024 * 1024);
        Assert.Null(cgroup.LimitMemory(limit));
        Assert.Equal(limit / 4096 * 4096, Cgroups.Number(Path.Join(cgroup.Dir("memory"), File.Exists(Path.Join(cgroup.Dir("memory"), "memory.high")) ? "memory.high" : "memory.limit_in_bytes")) / 4096 * 4096);
        Assert.Null(cgroup.UnlimitMemory());
    }

    [RootFact]
    public void Sweep_RunGoneWithItsTargetInTheGroup_StopsTheTargetAndRemovesTheGroup()
    {
        var leases = new FaultLeases(_journal);
        _ = TargetCgroup.Create(leases, "test-gone", _busy.Id);
        var dirs = leases.All().Single().Cgroups.Select(c => c.Dir).ToList();

        // The run that made it is gone: its lease now names a pid that has exited.
        using (var done = Process.Start(new ProcessStartInfo("true") { UseShellExecute = false })!)
        {
            done.WaitForExit();
            var lease = leases.All().Single();
            leases.Write(lease with { OwnerPid = done.Id, OwnerStart = 1 });
        }

        var line = Assert.Single(leases.Sweep());

        Assert.Contains($"stopped 1 process of the run's target ({_busy.Id})", line, StringComparison.Ordinal);
        Assert.True(_busy.WaitForExit(5000));
        Assert.All(dirs, d => Assert.False(Directory.Exists(d)));
        Assert.Empty(leases.All());
    }

    [RootFact]
    public async Task Create_TargetThatStartedChildrenAlready_MovesThemAllAndBackOnDispose()
    {
        using var parent = Process.Start(new ProcessStartInfo("sh", ["-c", "sleep 60 & sleep 60 & wait"]) { UseShellExecute = false })!;
        try
        {
            var tree = new Redline.Cli.Targets.TargetTree(parent.Id);
            for (var i = 0; i < 100 && tree.Alive().Count < 3; i++)
            {
                await Task.Delay(20);
                tree.Refresh();
            }

            var members = tree.Alive();
            Assert.Equal(3, members.Count);
            var leases = new FaultLeases(_journal);
            using (var cgroup = TargetCgroup.Create(leases, "test-tree", parent.Id))
            {
                Assert.Equal(members, Cgroups.Pids(cgroup.Dir("cpu")).Order());
            }

            Assert.DoesNotContain(Cgroups.Ours(), d => d.Contains("redline-test-tree", StringComparison.Ordinal));
        }
        finally
        {
            parent.Kill(entireProcessTree: true);
            parent.WaitForExit();
        }
    }
}
