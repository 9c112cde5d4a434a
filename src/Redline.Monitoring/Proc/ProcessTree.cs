using System.Globalization;
using System.IO.Enumeration;

namespace Redline.Monitoring.Proc;

/// <summary>Finds a process's descendants by reading every /proc/&lt;pid&gt;/stat's parent pid.</summary>
/// <remarks>Linux has no cheap "children of" query across all threads' children files, so one pass over /proc is the portable way; it costs a few milliseconds a second.</remarks>
internal sealed class ProcessTree(string procRoot, ProcFileReader reader)
{
    private static readonly EnumerationOptions DirectoryOptions = new() { AttributesToSkip = 0, IgnoreInaccessible = true };
    private readonly List<(int Pid, int Parent)> _all = [];

    /// <summary>Fills <paramref name="result"/> with <paramref name="root"/> followed by every descendant found.</summary>
    public void Find(int root, List<int> result)
    {
        result.Clear();
        result.Add(root);
        _all.Clear();
        var pids = new FileSystemEnumerable<int>(procRoot, static (ref FileSystemEntry entry) => ParsePid(entry.FileName), DirectoryOptions)
        {
            ShouldIncludePredicate = static (ref FileSystemEntry entry) => entry.IsDirectory && ParsePid(entry.FileName) > 0,
        };
        foreach (var pid in pids)
        {
            if (pid != root
                && reader.Read(StatPath(procRoot, pid), out var text) == ProcReadStatus.Ok
                && ProcParent.TryParse(text, out var parent))
            {
                _all.Add((pid, parent));
            }
        }

        // Breadth first: result grows while it is walked, so grandchildren are found too.
        for (var i = 0; i < result.Count; i++)
        {
            foreach (var (pid, parent) in _all)
            {
                if (parent == result[i])
                {
                    result.Add(pid);
                }
            }
        }
    }

    /// <summary>The path of a process's stat file under <paramref name="procRoot"/>.</summary>
    public static string StatPath(string procRoot, int pid) => $"{procRoot}/{pid.ToString(CultureInfo.InvariantCulture)}/stat";

    private static int ParsePid(ReadOnlySpan<char> name) =>
        int.TryParse(name, NumberStyles.None, CultureInfo.InvariantCulture, out var pid) ? pid : 0;
}
