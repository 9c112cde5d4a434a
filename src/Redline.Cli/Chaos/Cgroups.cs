using System.Globalization;
using Redline.Cli.Targets;

namespace Redline.Cli.Chaos;

/// <summary>Where one controller's hierarchy is mounted.</summary>
/// <param name="Controller">cpu, cpuacct or memory.</param>
/// <param name="Mount">The mount point.</param>
/// <param name="Root">The hierarchy's path that is mounted there (not "/" inside some containers).</param>
/// <param name="Unified">Whether it is cgroup v2's single hierarchy.</param>
internal sealed record CgroupHierarchy(string Controller, string Mount, string Root, bool Unified)
{
    /// <summary>The folder of hierarchy path <paramref name="path"/> (as /proc/PID/cgroup gives it).</summary>
    public string FolderOf(string path)
    {
        var relative = Root != "/" && path.StartsWith(Root, StringComparison.Ordinal) ? path[Root.Length..] : path;
        return Path.Join(Mount, relative.TrimStart('/'));
    }
}

/// <summary>
/// The machine's control groups as Redline uses them for resource faults: cgroup v1 (a hierarchy per controller,
/// as here) or v2 (one unified hierarchy), found from /proc/self/mountinfo. Everything Redline makes is named
/// <c>redline-*</c> and listed in a <see cref="FaultLease"/> before it is made.
/// </summary>
internal static class Cgroups
{
    private const string MountInfo = "/proc/self/mountinfo";

    /// <summary>The hierarchies of cpu, cpuacct and memory; or why there are none Redline can use.</summary>
    public static (IReadOnlyDictionary<string, CgroupHierarchy>? Found, string? Why) Probe()
    {
        if (!OperatingSystem.IsLinux() || !File.Exists(MountInfo))
        {
            return (null, "control groups are a Linux feature");
        }

        var found = new Dictionary<string, CgroupHierarchy>(StringComparer.Ordinal);
        CgroupHierarchy? unified = null;
        foreach (var line in File.ReadLines(MountInfo))
        {
            var parts = line.Split(" - ", 2);
            var head = parts[0].Split(' ');
            var tail = parts.Length > 1 ? parts[1].Split(' ') : [];
            if (head.Length < 5 || tail.Length < 3)
            {
                continue;
            }

            var (root, mount, type) = (head[3], head[4].Replace("\\040", " ", StringComparison.Ordinal), tail[0]);
            if (type == "cgroup")
            {
                foreach (var controller in tail[2].Split(',').Where(o => o is "cpu" or "cpuacct" or "memory"))
                {
                    found.TryAdd(controller, new CgroupHierarchy(controller, mount, root, Unified: false));
                }
            }
            else if (type == "cgroup2")
            {
                unified ??= new CgroupHierarchy("", mount, root, Unified: true);
            }
        }

        // On v2 (or a hybrid whose v1 lacks them) the controllers the unified root offers.
        if (unified is not null && Read(Path.Join(unified.Mount, "cgroup.controllers")) is { } offered)
        {
            foreach (var controller in offered.Split(' ', StringSplitOptions.RemoveEmptyEntries).Where(c => c is "cpu" or "memory"))
            {
                found.TryAdd(controller, unified with { Controller = controller });
            }
        }

        if (!found.ContainsKey("cpu") || !found.ContainsKey("memory"))
        {
            return (null, "this machine mounts no cgroup hierarchy with the cpu and memory controllers");
        }

        return Environment.UserName == "root" || IsWritable(found["cpu"].Mount)
            ? (found, null)
            : (null, "changing control groups needs root (run Redline as root, or in a container that delegates its cgroup)");
    }

    /// <summary>The cgroup path of <paramref name="pid"/> in <paramref name="hierarchy"/>, from /proc/PID/cgroup.</summary>
    public static string? PathOf(int pid, CgroupHierarchy hierarchy)
    {
        var text = Read($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/cgroup");
        if (text is null)
        {
            return null;
        }

        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var fields = line.Split(':', 3);
            if (fields.Length == 3 && (hierarchy.Unified ? fields[0] == "0" && fields[1].Length == 0 : fields[1].Split(',').Contains(hierarchy.Controller)))
            {
                return fields[2];
            }
        }

        return null;
    }

    /// <summary>Every control group folder named <c>redline-*</c> in the machine's hierarchies.</summary>
    public static List<string> Ours()
    {
        var (found, _) = Probe();
        var ours = new List<string>();
        foreach (var mount in found?.Values.Select(h => h.Mount).Distinct(StringComparer.Ordinal) ?? [])
        {
            Collect(mount, 0, ours);
        }

        return ours;
    }

    /// <summary>Empties <paramref name="group"/> (its processes back to its parent, or stopped with <paramref name="stop"/>) and removes it; returns what was done.</summary>
    public static List<string> Remove(LeaseCgroup group, bool stop)
    {
        var done = new List<string>();
        if (!Directory.Exists(group.Dir))
        {
            return done;
        }

        var pids = Pids(group.Dir);
        if (stop && pids.Count > 0)
        {
            foreach (var pid in pids)
            {
                UnixSignals.TryTerminate(pid);
            }

            if (!WaitEmpty(group.Dir, TimeSpan.FromSeconds(5)))
            {
                foreach (var pid in Pids(group.Dir))
                {
                    UnixSignals.TrySend(pid, UnixSignals.Kill);
                }
            }

            done.Add($"stopped {pids.Count} process{(pids.Count == 1 ? "" : "es")} of the run's target ({string.Join(", ", pids)})");
        }
        else if (pids.Count > 0)
        {
            foreach (var pid in pids)
            {
                TryWrite(Path.Join(group.Parent, "cgroup.procs"), pid.ToString(CultureInfo.InvariantCulture));
            }

            done.Add($"moved {pids.Count} process{(pids.Count == 1 ? "" : "es")} back to {group.Parent}");
        }

        // A process that is exiting holds the folder a little longer.
        var deadline = TimeProvider.System.GetTimestamp() + (TimeProvider.System.TimestampFrequency * 5);
        while (true)
        {
            try
            {
                Directory.Delete(group.Dir);
                done.Add($"removed {group.Dir}");
                return done;
            }
            catch (IOException) when (TimeProvider.System.GetTimestamp() < deadline)
            {
                Thread.Sleep(50);
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                done.Add($"could not remove {group.Dir}: {exception.Message}");
                return done;
            }
        }
    }

    /// <summary>The processes in the group at <paramref name="dir"/>.</summary>
    public static List<int> Pids(string dir) =>
        [.. (Read(Path.Join(dir, "cgroup.procs")) ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => int.TryParse(p, CultureInfo.InvariantCulture, out var pid) ? pid : 0).Where(p => p > 0)];

    /// <summary>A control file's text, or null when it cannot be read.</summary>
    public static string? Read(string path)
    {
        try
        {
            return File.ReadAllText(path).Trim();
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>A control file's number (the first field), or null.</summary>
    public static long? Number(string path) => Read(path) is { } text && long.TryParse(text.Split(' ', '\n')[0], CultureInfo.InvariantCulture, out var value) ? value : null;

    /// <summary>A field of a "key value" control file (cpu.stat, memory.events), or null.</summary>
    public static long? Field(string path, string key)
    {
        foreach (var line in (Read(path) ?? "").Split('\n'))
        {
            var parts = line.Split(' ', 2);
            if (parts.Length == 2 && parts[0] == key && long.TryParse(parts[1], CultureInfo.InvariantCulture, out var value))
            {
                return value;
            }
        }

        return null;
    }

    /// <summary>Writes a control file; the error in words, or null when it took.</summary>
    public static string? TryWrite(string path, string value)
    {
        try
        {
            File.WriteAllText(path, value);
            return null;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return $"{path}: {exception.Message}";
        }
    }

    private static bool WaitEmpty(string dir, TimeSpan wait)
    {
        var deadline = TimeProvider.System.GetTimestamp() + (long)(wait.TotalSeconds * TimeProvider.System.TimestampFrequency);
        while (Pids(dir).Count > 0)
        {
            if (TimeProvider.System.GetTimestamp() > deadline)
            {
                return false;
            }

            Thread.Sleep(50);
        }

        return true;
    }

    private static void Collect(string dir, int depth, List<string> ours)
    {
        if (depth > 6)
        {
            return;
        }

        IEnumerable<string> children;
        try
        {
            children = [.. Directory.EnumerateDirectories(dir)];
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return;
        }

        foreach (var child in children)
        {
            if (Path.GetFileName(child).StartsWith("redline-", StringComparison.Ordinal))
            {
                ours.Add(child);
            }
            else
            {
                Collect(child, depth + 1, ours);
            }
        }
    }

    private static bool IsWritable(string dir)
    {
        try
        {
            var probe = Path.Join(dir, $"redline-probe-{Environment.ProcessId}");
            Directory.CreateDirectory(probe);
            Directory.Delete(probe);
            return true;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }
}
