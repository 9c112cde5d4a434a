using System.Globalization;

namespace Redline.Cli.Chaos;

/// <summary>
/// The control group the target runs in when a scenario throttles its CPU or presses its memory: made under the
/// target's own group in each hierarchy (cpu, cpuacct, memory; one folder on cgroup v2) right after the target
/// starts, so that all it allocates and every process it starts is counted there. No limit is set until a fault
/// asks; each limit is lifted at the fault's end. Disposing moves what is left back and removes the group.
/// </summary>
internal sealed class TargetCgroup : IDisposable
{
    private readonly FaultLeases _leases;
    private readonly FaultLease _lease;
    private readonly Dictionary<string, string> _dirs;
    private readonly bool _unified;

    private TargetCgroup(FaultLeases leases, FaultLease lease, Dictionary<string, string> dirs, bool unified)
    {
        _leases = leases;
        _lease = lease;
        _dirs = dirs;
        _unified = unified;
    }

    /// <summary>The machine's cores, which a CPU share is of.</summary>
    public static int Cores => Environment.ProcessorCount;

    /// <summary>The group's folder for <paramref name="controller"/>.</summary>
    public string Dir(string controller) => _dirs[controller];

    /// <summary>
    /// Makes the group and moves process <paramref name="pid"/> (the target, just started) and its descendants into
    /// it, with a lease written first; throws <see cref="UserFacingException"/> with the reason when it cannot.
    /// </summary>
    public static TargetCgroup Create(FaultLeases leases, string run, int pid)
    {
        var (found, why) = Cgroups.Probe();
        if (found is null)
        {
            throw new UserFacingException(ExitCodes.BadInput, $"cpu_throttling and memory_pressure need control groups: {why}");
        }

        var hierarchies = found.Values.DistinctBy(h => h.Mount).ToList();
        var groups = new List<LeaseCgroup>();
        foreach (var hierarchy in hierarchies)
        {
            var path = Cgroups.PathOf(pid, hierarchy) ?? throw new UserFacingException(ExitCodes.BadInput, $"the target (pid {pid}) has no group in {hierarchy.Mount}");
            var parent = hierarchy.FolderOf(path);
            groups.Add(new LeaseCgroup(Path.Join(parent, $"redline-{run}-target"), parent));
        }

        var lease = FaultLeases.New(run, 0, $"the target's control group (pid {pid})", TimeSpan.FromDays(1)) with
        {
            Id = $"redline-{run}-target",
            Cgroups = groups,
            StopProcesses = true,
        };
        leases.Write(lease);
        var dirs = new Dictionary<string, string>(StringComparer.Ordinal);
        var unified = found["cpu"].Unified;

        // The target and whatever it started before it was moved (later children are born in the group).
        var tree = new Targets.TargetTree(pid);
        tree.Refresh();
        var members = tree.Alive();
        try
        {
            foreach (var (hierarchy, group) in hierarchies.Zip(groups))
            {
                if (hierarchy.Unified && Cgroups.TryWrite(Path.Join(group.Parent, "cgroup.subtree_control"), "+cpu +memory") is { } refused)
                {
                    throw new UserFacingException(ExitCodes.BadInput, $"cgroup v2 does not let Redline enable the cpu and memory controllers under the target's group ({refused})");
                }

                Directory.CreateDirectory(group.Dir);
                if (Cgroups.TryWrite(Path.Join(group.Dir, "cgroup.procs"), pid.ToString(CultureInfo.InvariantCulture)) is { } error)
                {
                    throw new UserFacingException(ExitCodes.BadInput, $"could not move the target into its control group: {error}");
                }

                foreach (var member in members.Where(m => m != pid))
                {
                    // One that has exited meanwhile is no loss.
                    Cgroups.TryWrite(Path.Join(group.Dir, "cgroup.procs"), member.ToString(CultureInfo.InvariantCulture));
                }

                foreach (var controller in found.Where(f => f.Value.Mount == hierarchy.Mount).Select(f => f.Key))
                {
                    dirs[controller] = group.Dir;
                }
            }
        }
        catch (Exception exception) when (exception is UserFacingException or IOException or UnauthorizedAccessException)
        {
            // Nothing is stopped: the target is the run's to stop, and it goes back where it was.
            foreach (var group in groups)
            {
                Cgroups.Remove(group, stop: false);
            }

            leases.Release(lease);
            throw exception as UserFacingException ?? new UserFacingException(ExitCodes.BadInput, $"could not make the target's control group: {exception.Message}");
        }

        return new TargetCgroup(leases, lease, dirs, unified);
    }

    /// <summary>Limits the group to <paramref name="cores"/> cores (0.5 = half of one); the error in words, or null.</summary>
    public string? LimitCpu(double cores)
    {
        const int Period = 100_000;
        var quota = Math.Max(1000, (long)Math.Round(cores * Period));
        return _unified
            ? Cgroups.TryWrite(Path.Join(Dir("cpu"), "cpu.max"), string.Create(CultureInfo.InvariantCulture, $"{quota} {Period}"))
            : Cgroups.TryWrite(Path.Join(Dir("cpu"), "cpu.cfs_period_us"), Period.ToString(CultureInfo.InvariantCulture))
              ?? Cgroups.TryWrite(Path.Join(Dir("cpu"), "cpu.cfs_quota_us"), quota.ToString(CultureInfo.InvariantCulture));
    }

    /// <summary>Lifts the CPU limit.</summary>
    public string? UnlimitCpu() => _unified
        ? Cgroups.TryWrite(Path.Join(Dir("cpu"), "cpu.max"), "max 100000")
        : Cgroups.TryWrite(Path.Join(Dir("cpu"), "cpu.cfs_quota_us"), "-1");

    /// <summary>The CPU time the group has used, in seconds; null when it cannot be read.</summary>
    public double? CpuSeconds() => _unified
        ? Cgroups.Field(Path.Join(Dir("cpu"), "cpu.stat"), "usage_usec") / 1e6
        : _dirs.TryGetValue("cpuacct", out var acct) ? Cgroups.Number(Path.Join(acct, "cpuacct.usage")) / 1e9 : null;

    /// <summary>The scheduler periods so far, and those in which the group was throttled.</summary>
    public (long Periods, long Throttled) Throttling()
    {
        var stat = Path.Join(Dir("cpu"), "cpu.stat");
        return (Cgroups.Field(stat, "nr_periods") ?? 0, Cgroups.Field(stat, "nr_throttled") ?? 0);
    }

    /// <summary>The memory the group holds now, in bytes.</summary>
    public long? MemoryBytes() => Cgroups.Number(Path.Join(Dir("memory"), _unified ? "memory.current" : "memory.usage_in_bytes"));

    /// <summary>
    /// The group's working set, in bytes: its usage less the inactive file cache, which the kernel drops first at a
    /// limit (what container runtimes evict on). Null when it cannot be read.
    /// </summary>
    public long? WorkingSetBytes()
    {
        var inactive = Cgroups.Field(Path.Join(Dir("memory"), "memory.stat"), _unified ? "inactive_file" : "total_inactive_file");
        return MemoryBytes() is { } usage && inactive is { } cache ? Math.Max(usage - cache, 0) : null;
    }

    /// <summary>How often the group has hit its memory limit (v1's failcnt; v2's high events).</summary>
    public long MemoryLimitHits() => (_unified
        ? Cgroups.Field(Path.Join(Dir("memory"), "memory.events"), "high")
        : Cgroups.Number(Path.Join(Dir("memory"), "memory.failcnt"))) ?? 0;

    /// <summary>Sets the memory limit (v1's hard limit; v2's memory.high, which throttles and reclaims before it kills).</summary>
    public string? LimitMemory(long bytes) => Cgroups.TryWrite(
        Path.Join(Dir("memory"), _unified ? "memory.high" : "memory.limit_in_bytes"),
        bytes.ToString(CultureInfo.InvariantCulture));

    /// <summary>Lifts the memory limit.</summary>
    public string? UnlimitMemory() => Cgroups.TryWrite(Path.Join(Dir("memory"), _unified ? "memory.high" : "memory.limit_in_bytes"), _unified ? "max" : "-1");

    /// <summary>Moves what is left back to where the target came from and removes the group.</summary>
    public void Dispose()
    {
        foreach (var group in _lease.Cgroups)
        {
            Cgroups.Remove(group, stop: false);
        }

        _leases.Release(_lease);
    }
}
