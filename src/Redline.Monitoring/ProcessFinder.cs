using System.Globalization;
using System.Text.RegularExpressions;

namespace Redline.Monitoring;

/// <summary>Finds running processes by name or command line, to pick the target whose runtime to read.</summary>
public static class ProcessFinder
{
    private static readonly TimeSpan MatchTimeout = TimeSpan.FromMilliseconds(100);

    /// <summary>The processes that <paramref name="pattern"/> matches, by ascending pid, without the calling process.</summary>
    /// <remarks>
    /// A process matches when its name (<c>/proc/&lt;pid&gt;/comm</c>, which the kernel cuts to 15
    /// characters) equals <paramref name="pattern"/> exactly, or when <paramref name="pattern"/>, read
    /// as a .NET regular expression, matches somewhere in its command line: the arguments of
    /// <c>/proc/&lt;pid&gt;/cmdline</c> joined with single spaces. So <c>sleep 987</c> finds
    /// <c>sleep 987</c>, and <c>^dotnet .*Api\.dll</c> finds a service started with dotnet. A pattern
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
        var self = Environment.ProcessId;
        var found = new List<(int Pid, string CommandLine)>();
        foreach (var pid in ListPids(procRoot))
        {
            if (pid == self || ReadProcess(procRoot, pid) is not var (name, commandLine))
            {
                continue;
            }

            if (name == pattern || (commandLine.Length > 0 && matches(commandLine)))
            {
                found.Add((pid, commandLine.Length > 0 ? commandLine : name));
            }
        }

        found.Sort((a, b) => a.Pid.CompareTo(b.Pid));
        return found;
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
