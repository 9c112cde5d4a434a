using System.Globalization;
using System.Text.RegularExpressions;

namespace Redline.Monitoring;

/// <summary>Finds running processes by name or command line, to pick the target whose runtime to read.</summary>
public static class ProcessFinder
{
    private static readonly TimeSpan MatchTimeout = TimeSpan.FromMilliseconds(100);

    /// <summary>The processes that <paramref name="pattern"/> matches, by ascending pid, without the calling process and the processes that started it.</summary>
    /// <remarks>
    /// The processes whose name (<c>/proc/&lt;pid&gt;/comm</c>, which the kernel cuts to 15
    /// characters) equals <paramref name="pattern"/> exactly match first; only when there are none,
    /// the processes where <paramref name="pattern"/>, read as a .NET regular expression, matches
    /// somewhere in the command line: the arguments of <c>/proc/&lt;pid&gt;/cmdline</c> joined with
    /// single spaces. So <c>nginx</c> finds nginx and not every command that mentions it, <c>sleep 987</c>
    /// finds <c>sleep 987</c>, and <c>^dotnet .*Api\.dll</c> finds a service started with dotnet. The
    /// caller and its ancestors (the shell or <c>dotnet run</c> that started it, whose command lines
    /// hold the pattern too) are left out. A pattern
    /// that is not a valid regular expression is matched as plain text. Processes without a command
    /// line (kernel threads) match by name only. Processes that exit or cannot be read while the list
    /// is made are left out. Reads Linux's /proc; elsewhere the list is always empty.
    /// </remarks>
    /// <param name="pattern">A process name, or a regular expression for the command line.</param>
    /// <returns>Each matching process's id and command line (its name when it has none).</returns>
    public static IReadOnlyList<(int Pid, string CommandLine)> Find(string pattern) => Find(pattern, "/proc", OperatingSystem.IsLinux());

    /// <summary>Lets tests point the finder at a fixed /proc tree.</summary>
    internal static IReadOnlyList<(int Pid, string CommandLine)> Find(string pattern, string procRoot, bool supported)
    {
        ArgumentException.ThrowIfNullOrEmpty(pattern);
        if (!supported)
        {
            return [];
        }

        var matches = CommandLineMatcher(pattern);
        var excluded = SelfAndAncestors(procRoot);
        var byName = new List<(int Pid, string CommandLine)>();
        var byCommandLine = new List<(int Pid, string CommandLine)>();
        foreach (var pid in ListPids(procRoot))
        {
            if (excluded.Contains(pid) || ReadProcess(procRoot, pid) is not var (name, commandLine))
            {
                continue;
            }

            var shown = commandLine.Length > 0 ? commandLine : name;
            if (name == pattern)
            {
                byName.Add((pid, shown));
            }
            else if (commandLine.Length > 0 && matches(commandLine))
            {
                byCommandLine.Add((pid, shown));
            }
        }

        var found = byName.Count > 0 ? byName : byCommandLine;
        found.Sort((a, b) => a.Pid.CompareTo(b.Pid));
        return found;
    }

    /// <summary>This process and the ones that started it (a shell, <c>dotnet run</c>): their command lines hold the pattern too.</summary>
    private static HashSet<int> SelfAndAncestors(string procRoot)
    {
        var chain = new HashSet<int>();
        for (var pid = Environment.ProcessId; pid > 1 && chain.Add(pid);)
        {
            pid = ParentOf(procRoot, pid);
        }

        return chain;
    }

    private static int ParentOf(string procRoot, int pid)
    {
        try
        {
            var status = File.ReadLines(Path.Combine(procRoot, pid.ToString(CultureInfo.InvariantCulture), "status"));
            var line = status.FirstOrDefault(l => l.StartsWith("PPid:", StringComparison.Ordinal));
            return line is not null && int.TryParse(line.AsSpan(5).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var parent) ? parent : 0;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return 0;
        }
    }

    private static Func<string, bool> CommandLineMatcher(string pattern)
    {
        try
        {
            var regex = new Regex(pattern, RegexOptions.CultureInvariant, MatchTimeout);
            return text =>
            {
                try
                {
                    return regex.IsMatch(text);
                }
                catch (RegexMatchTimeoutException)
                {
                    return false;
                }
            };
        }
        catch (ArgumentException)
        {
            return text => text.Contains(pattern, StringComparison.Ordinal);
        }
    }

    private static IEnumerable<int> ListPids(string procRoot)
    {
        IEnumerable<string> entries;
        try
        {
            entries = Directory.EnumerateDirectories(procRoot).ToList();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return [];
        }

        return entries
            .Select(path => int.TryParse(Path.GetFileName(path), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) ? pid : 0)
            .Where(pid => pid > 0);
    }

    private static (string Name, string CommandLine)? ReadProcess(string procRoot, int pid)
    {
        var dir = Path.Combine(procRoot, pid.ToString(CultureInfo.InvariantCulture));
        try
        {
            var name = File.ReadAllText(Path.Combine(dir, "comm")).TrimEnd('\n');
            // Arguments are NUL-terminated; a process may also rewrite its cmdline with spaces.
            var raw = File.ReadAllText(Path.Combine(dir, "cmdline"));
            var commandLine = string.Join(' ', raw.Split('\0', StringSplitOptions.RemoveEmptyEntries));
            return (name, commandLine);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The process exited between the listing and the read.
            return null;
        }
    }
}
