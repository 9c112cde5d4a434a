using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Redline.Cli.Targets;

namespace Redline.Cli.Chaos;

/// <summary>A call that reverts a fault on a service (the reference deployment's admin endpoint, a user's hook).</summary>
/// <param name="Method">The HTTP method.</param>
/// <param name="Url">The absolute URL, on loopback.</param>
internal sealed record LeaseCall(string Method, string Url);

/// <summary>A control group Redline made: its folder in one hierarchy, and where its processes go back to.</summary>
/// <param name="Dir">The group's folder.</param>
/// <param name="Parent">The folder its processes came from.</param>
internal sealed record LeaseCgroup(string Dir, string Parent);

/// <summary>
/// What one applied fault changed on the machine, written before the change is made: whoever finds it with its
/// owner gone (a Redline killed with SIGKILL, a crash) or past its expiry reverts it, so no fault outlives its run.
/// </summary>
/// <param name="Id">The lease's id, also the name of what it made (<c>redline-RUN-N</c>).</param>
/// <param name="Run">The run that applied it.</param>
/// <param name="Fault">The fault in words, for the message when it is reverted by someone else.</param>
/// <param name="OwnerPid">The Redline process that applied it.</param>
/// <param name="OwnerStart">When that process started (clock ticks since boot), so a reused pid is not taken for it.</param>
/// <param name="Expires">When the fault is overdue however its owner fares.</param>
internal sealed record FaultLease(string Id, string Run, string Fault, int OwnerPid, long OwnerStart, DateTimeOffset Expires)
{
    /// <summary>Control groups to empty (their processes back to the parent, or stopped when <see cref="StopProcesses"/>) and remove.</summary>
    public IReadOnlyList<LeaseCgroup> Cgroups { get; init; } = [];

    /// <summary>Whether the processes in <see cref="Cgroups"/> are the run's own target, to be stopped when the run is gone rather than moved back.</summary>
    public bool StopProcesses { get; init; }

    /// <summary>Files to delete (a disk fill's ballast).</summary>
    public IReadOnlyList<string> Files { get; init; } = [];

    /// <summary>Network namespaces to delete.</summary>
    public IReadOnlyList<string> Netns { get; init; } = [];

    /// <summary>Calls that switch a service's fault off.</summary>
    public IReadOnlyList<LeaseCall> Calls { get; init; } = [];
}

/// <summary>
/// The fault journal: one file per applied fault in a folder of the machine's (<c>/run/redline/chaos</c> as root,
/// else under the temp folder; <c>REDLINE_CHAOS_DIR</c> overrides), written and flushed before the fault is
/// applied, deleted once it is reverted. <see cref="Sweep"/> reverts what runs that are gone left behind; every
/// <c>redline run</c> sweeps before it starts, and <c>redline chaos clean</c> does it on demand.
/// </summary>
internal sealed class FaultLeases(string folder)
{
    /// <summary>How long after a fault's planned end its lease is overdue even while its owner still runs.</summary>
    public static readonly TimeSpan Grace = TimeSpan.FromMinutes(5);

    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingDefault,
        WriteIndented = true,
    };

    private static readonly Lazy<(int Pid, long Start)> Self = new(() => (Environment.ProcessId, TargetTree.StartTimeOf(Environment.ProcessId) ?? 0));

    /// <summary>The folder the leases are in.</summary>
    public string Folder { get; } = folder;

    /// <summary>The machine's journal.</summary>
    public static FaultLeases Machine() => new(Environment.GetEnvironmentVariable("REDLINE_CHAOS_DIR") is { Length: > 0 } custom
        ? custom
        : Environment.UserName == "root" && Directory.Exists("/run") ? "/run/redline/chaos"
        : Path.Combine(Path.GetTempPath(), $"redline-chaos-{Environment.UserName}"));

    /// <summary>A new lease owned by this process, for a fault planned to last <paramref name="length"/>.</summary>
    public static FaultLease New(string run, int number, string fault, TimeSpan length) =>
        new($"redline-{run}-{number.ToString(CultureInfo.InvariantCulture)}", run, fault, Self.Value.Pid, Self.Value.Start, TimeProvider.System.GetUtcNow() + length + Grace);

    /// <summary>Writes <paramref name="lease"/> to disk (flushed) before what it lists is made.</summary>
    public void Write(FaultLease lease)
    {
        Directory.CreateDirectory(Folder);
        var path = PathOf(lease.Id);
        var temporary = path + ".tmp";
        using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            JsonSerializer.Serialize(stream, lease, Json);
            stream.Flush(flushToDisk: true);
        }

        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>Forgets <paramref name="lease"/> once what it lists is reverted.</summary>
    public void Release(FaultLease lease) => File.Delete(PathOf(lease.Id));

    /// <summary>Every lease on file; one that cannot be read is named in <paramref name="unreadable"/>.</summary>
    public List<FaultLease> All(List<string>? unreadable = null)
    {
        var leases = new List<FaultLease>();
        if (!Directory.Exists(Folder))
        {
            return leases;
        }

        foreach (var file in Directory.EnumerateFiles(Folder, "redline-*.json").Order(StringComparer.Ordinal))
        {
            try
            {
                if (JsonSerializer.Deserialize<FaultLease>(File.ReadAllText(file), Json) is { } lease)
                {
                    leases.Add(lease);
                }
            }
            catch (Exception exception) when (exception is IOException or JsonException or UnauthorizedAccessException)
            {
                unreadable?.Add($"{file}: {exception.Message}");
            }
        }

        return leases;
    }

    /// <summary>Whether the Redline that applied <paramref name="lease"/> still runs.</summary>
    public static bool OwnerAlive(FaultLease lease) => TargetTree.StartTimeOf(lease.OwnerPid) is { } started && started == lease.OwnerStart;

    /// <summary>
    /// Reverts every lease whose owner is gone or that is overdue (all of them with <paramref name="all"/>), and with
    /// <paramref name="orphans"/> removes control groups named <c>redline-*</c> that no lease on file holds; returns
    /// a line per thing reverted.
    /// </summary>
    public List<string> Sweep(bool all = false, bool orphans = false)
    {
        var lines = new List<string>();
        var unreadable = new List<string>();
        var leases = All(unreadable);
        lines.AddRange(unreadable.Select(u => $"could not read the fault lease {u}"));
        var now = TimeProvider.System.GetUtcNow();
        foreach (var lease in leases)
        {
            var alive = OwnerAlive(lease);
            if (!all && alive && lease.Expires > now)
            {
                continue;
            }

            var why = !alive ? $"its Redline, pid {lease.OwnerPid}, is gone" : all ? "asked to clean all" : $"it was due to end by {lease.Expires:u}";
            var undone = Revert(lease);
            lines.Add($"reverted {lease.Fault}, left by run {lease.Run} ({why}): {(undone.Count == 0 ? "nothing was left to undo" : string.Join("; ", undone))}");
        }

        var held = All().SelectMany(l => l.Cgroups).Select(c => c.Dir).ToHashSet(StringComparer.Ordinal);
        foreach (var orphan in orphans ? Cgroups.Ours().Where(d => !held.Contains(d)) : [])
        {
            lines.Add($"removed the control group {orphan}, which no run holds: {string.Join("; ", Cgroups.Remove(new LeaseCgroup(orphan, Path.GetDirectoryName(orphan)!), stop: false))}");
        }

        var pinned = All().SelectMany(l => l.Netns).ToHashSet(StringComparer.Ordinal);
        foreach (var orphan in orphans && Directory.Exists("/run/netns") ? Directory.EnumerateFiles("/run/netns", "redline-*").Select(Path.GetFileName).Where(n => !pinned.Contains(n!)) : [])
        {
            lines.Add($"{NetworkNamespace.Revert(orphan!)}, which no run holds");
        }

        return lines;
    }

    /// <summary>Undoes what <paramref name="lease"/> lists, then forgets it; returns what was done.</summary>
    public List<string> Revert(FaultLease lease)
    {
        var done = new List<string>();
        foreach (var call in lease.Calls)
        {
            done.Add(ServiceCalls.Revert(call));
        }

        foreach (var group in lease.Cgroups)
        {
            done.AddRange(Cgroups.Remove(group, lease.StopProcesses));
        }

        foreach (var name in lease.Netns)
        {
            done.Add(NetworkNamespace.Revert(name));
        }

        foreach (var file in lease.Files.Where(File.Exists))
        {
            try
            {
                var size = new FileInfo(file).Length;
                File.Delete(file);
                done.Add(string.Create(CultureInfo.InvariantCulture, $"deleted {file} ({size / 1048576.0:0.#} MiB)"));
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                done.Add($"could not delete {file}: {exception.Message}");
            }
        }

        Release(lease);
        return done;
    }

    private string PathOf(string id) => Path.Combine(Folder, id + ".json");
}
