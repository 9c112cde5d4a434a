using System.Diagnostics;
using System.Globalization;

namespace Redline.Cli.Targets;

/// <summary>
/// Every process of a target that Redline started, found through /proc (Linux): its session and
/// process group, and every descendant, including one that moved to a group or session of its own.
/// </summary>
/// <remarks>
/// Parent links break when a process dies (its children go to init), so the tree is walked before
/// anything is signalled, and again while it stops, from the members still known to be alive.
/// Members are kept with their start time, so a pid reused by an unrelated process is never signalled.
/// </remarks>
internal sealed class TargetTree
{
    private const string ProcRoot = "/proc";
    private readonly Dictionary<int, long> _members = [];
    private readonly int _root;

    /// <summary>Starts the tree at <paramref name="root"/>, taken now, while it is surely the process just started.</summary>
    public TargetTree(int root)
    {
        _root = root;
        if (TryRead(root) is { } entry)
        {
            _members[root] = entry.StartTime;
        }
    }

    /// <summary>Whether this system can be walked; elsewhere the caller falls back to .NET's tree kill.</summary>
    public static bool Supported => OperatingSystem.IsLinux() && Directory.Exists(ProcRoot);

    /// <summary>Adds what now belongs to the tree: the root's session and group, and descendants of any member alive.</summary>
    public void Refresh()
    {
        var all = Snapshot();
        foreach (var (pid, entry) in all)
        {
            if (entry.Session == _root || entry.Group == _root)
            {
                _members.TryAdd(pid, entry.StartTime);
            }
        }

        // Descendants of members, to the bottom: repeat until a pass adds nobody.
        bool added;
        do
        {
            added = false;
            foreach (var (pid, entry) in all)
            {
                if (!_members.ContainsKey(pid) && IsLiveMember(entry.Parent, all) && _members.TryAdd(pid, entry.StartTime))
                {
                    added = true;
                }
            }
        }
        while (added);
    }

    /// <summary>The members still running (an exited process waiting to be reaped no longer counts).</summary>
    public List<int> Alive()
    {
        var all = Snapshot();
        return [.. _members.Keys.Where(pid => IsLiveMember(pid, all)).Order()];
    }

    /// <summary>Sends <paramref name="signal"/> to the root's process group and to every member still alive.</summary>
    public void Signal(int signal)
    {
        var alive = Alive();
        var all = Snapshot();
        if (alive.Any(pid => all.TryGetValue(pid, out var entry) && entry.Group == _root))
        {
            UnixSignals.TrySendToGroup(_root, signal);
        }

        foreach (var pid in alive)
        {
            UnixSignals.TrySend(pid, signal);
        }
    }

    /// <summary>Waits until no member is alive, walking the tree again as it goes; false when some still are after <paramref name="wait"/>.</summary>
    public async Task<bool> GoneWithinAsync(TimeSpan wait, TimeSpan poll)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            Refresh();
            if (Alive().Count == 0)
            {
                return true;
            }

            if (clock.Elapsed >= wait)
            {
                return false;
            }

            await Task.Delay(poll).ConfigureAwait(false);
        }
    }

    private bool IsLiveMember(int pid, Dictionary<int, Entry> all) =>
        _members.TryGetValue(pid, out var started)
        && all.TryGetValue(pid, out var entry)
        && entry.StartTime == started
        && entry.State != 'Z'
        && entry.State != 'X';

    /// <summary>When process <paramref name="pid"/> started, in clock ticks since boot, or null when it is not running: with the pid, it tells a process from a later one that reused its pid.</summary>
    public static long? StartTimeOf(int pid) => TryRead(pid) is { State: not ('Z' or 'X') } entry ? entry.StartTime : null;

    private static Dictionary<int, Entry> Snapshot()
    {
        var all = new Dictionary<int, Entry>();
        foreach (var directory in Directory.EnumerateDirectories(ProcRoot))
        {
            if (int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out var pid)
                && TryRead(pid) is { } entry)
            {
                all[pid] = entry;
            }
        }

        return all;
    }

    private static Entry? TryRead(int pid)
    {
        string text;
        try
        {
            text = File.ReadAllText($"{ProcRoot}/{pid.ToString(CultureInfo.InvariantCulture)}/stat");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }

        // The name in parentheses may hold spaces and ')': the fields start after the last ')'.
        var fields = text[(text.LastIndexOf(')') + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return fields.Length > 19
            && int.TryParse(fields[1], CultureInfo.InvariantCulture, out var parent)
            && int.TryParse(fields[2], CultureInfo.InvariantCulture, out var group)
            && int.TryParse(fields[3], CultureInfo.InvariantCulture, out var session)
            && long.TryParse(fields[19], CultureInfo.InvariantCulture, out var startTime)
            ? new Entry(fields[0][0], parent, group, session, startTime)
            : null;
    }

    /// <summary>The fields of /proc/&lt;pid&gt;/stat that place a process in the tree.</summary>
    private readonly record struct Entry(char State, int Parent, int Group, int Session, long StartTime);
}
