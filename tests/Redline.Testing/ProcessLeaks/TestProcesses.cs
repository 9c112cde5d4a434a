using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Redline.Testing.ProcessLeaks;

/// <summary>
/// The processes that this test host's tests started, found in /proc (Linux): every descendant of
/// the host, and every process carrying the host's environment marker, which children inherit and
/// keep when their parent dies and they move to init (a service behind a killed wrapper, a daemon).
/// </summary>
public static class TestProcesses
{
    /// <summary>The environment variable that marks every process started from this test host.</summary>
    public const string MarkerVariable = "REDLINE_TEST_HOST";

    private static readonly Lock Gate = new();
    private static string? _marker;

    /// <summary>One process that is still running, as a failure message names it.</summary>
    public sealed record Survivor(int Pid, int Parent, string CommandLine)
    {
        public override string ToString() =>
            $"pid {Pid.ToString(CultureInfo.InvariantCulture)} (parent {Parent.ToString(CultureInfo.InvariantCulture)}): {CommandLine}";
    }

    /// <summary>Sets the marker in this process's environment, so that every process started from now on carries it. Idempotent.</summary>
    public static void Mark()
    {
        lock (Gate)
        {
            if (_marker is null)
            {
                _marker = $"{Environment.ProcessId.ToString(CultureInfo.InvariantCulture)}-{Guid.NewGuid():N}";
                Environment.SetEnvironmentVariable(MarkerVariable, _marker);
            }
        }
    }

    /// <summary>The processes started from this test host that are still running (none where there is no /proc).</summary>
    public static List<Survivor> Find()
    {
        if (!OperatingSystem.IsLinux() || !Directory.Exists("/proc"))
        {
            return [];
        }

        var self = Environment.ProcessId;
        var all = new Dictionary<int, (int Parent, char State)>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out var pid)
                && pid != self
                && ReadStat(pid) is { } stat)
            {
                all[pid] = stat;
            }
        }

        var ours = new HashSet<int> { self };
        bool added;
        do
        {
            added = false;
            foreach (var (pid, (parent, _)) in all)
            {
                if (!ours.Contains(pid) && ours.Contains(parent))
                {
                    added |= ours.Add(pid);
                }
            }
        }
        while (added);

        var marker = Encoding.UTF8.GetBytes($"{MarkerVariable}={_marker}\0");
        return [.. all
            .Where(p => p.Value.State is not ('Z' or 'X'))
            .Where(p => ours.Contains(p.Key) || (_marker is not null && Carries(p.Key, marker)))
            .OrderBy(p => p.Key)
            .Select(p => new Survivor(p.Key, p.Value.Parent, CommandLine(p.Key)))];
    }

    /// <summary>
    /// Waits up to <paramref name="grace"/> for the processes started from this host to end (an
    /// owner's own cleanup may still be finishing), then returns those still running.
    /// </summary>
    public static async Task<List<Survivor>> SurvivorsAfterAsync(TimeSpan grace)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var survivors = Find();
            if (survivors.Count == 0 || clock.Elapsed >= grace)
            {
                return survivors;
            }

            await Task.Delay(200).ConfigureAwait(false);
        }
    }

    /// <summary>Kills <paramref name="survivors"/>, so that a failed check does not leave them for the next run.</summary>
    public static void Kill(IEnumerable<Survivor> survivors)
    {
        foreach (var survivor in survivors)
        {
            try
            {
                using var process = Process.GetProcessById(survivor.Pid);
                process.Kill();
            }
            catch (Exception e) when (e is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception)
            {
                // Gone meanwhile, or not ours to kill.
            }
        }
    }

    private static (int Parent, char State)? ReadStat(int pid)
    {
        var text = TryReadText($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/stat");
        if (text is null)
        {
            return null;
        }

        // The name in parentheses may hold spaces and ')': the fields start after the last ')'.
        var fields = text[(text.LastIndexOf(')') + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return fields.Length > 1 && int.TryParse(fields[1], CultureInfo.InvariantCulture, out var parent)
            ? (parent, fields[0][0])
            : null;
    }

    private static bool Carries(int pid, byte[] marker)
    {
        try
        {
            var environment = File.ReadAllBytes($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/environ");
            return environment.AsSpan().IndexOf(marker) >= 0;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    private static string CommandLine(int pid)
    {
        var path = $"/proc/{pid.ToString(CultureInfo.InvariantCulture)}";
        var line = TryReadText($"{path}/cmdline")?.Replace('\0', ' ').Trim();
        if (string.IsNullOrEmpty(line))
        {
            line = $"[{TryReadText($"{path}/comm")?.Trim()}]";
        }

        return line.Length <= 300 ? line : line[..297] + "...";
    }

    private static string? TryReadText(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
