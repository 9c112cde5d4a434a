using Redline.Cli.Suites;
using Redline.Monitoring;

namespace Redline.Cli.Running;

/// <summary>Builds a run's resource monitor from the suite's target and finds the process it watches.</summary>
internal static class ResourceMonitors
{
    private const int ListedMatches = 5;

    /// <summary>The process to watch: the one Redline started, or target.pid, or the one process target.process matches; null when the suite names none.</summary>
    /// <exception cref="UserFacingException">target.pid is not running, or target.process matches no process or several (exit 5).</exception>
    public static int? WatchedPid(TargetSpec target, int? started)
    {
        if (started is { } own)
        {
            return own;
        }

        if (target.Pid is { } pid)
        {
            return (OperatingSystem.IsLinux() ? File.Exists($"/proc/{pid}/stat") : IsRunning(pid))
                ? pid
                : throw new UserFacingException(ExitCodes.PreflightFailed, $"target.pid {pid} is not a running process; no load was sent.");
        }

        if (target.Process is not { } pattern)
        {
            return null;
        }

        var matches = ProcessFinder.Find(pattern);
        return matches.Count switch
        {
            1 => matches[0].Pid,
            0 => throw new UserFacingException(ExitCodes.PreflightFailed, $"target.process '{pattern}' matches no running process{(OperatingSystem.IsLinux() ? "" : " (finding processes needs Linux's /proc)")}; no load was sent."),
            _ => throw new UserFacingException(
                ExitCodes.PreflightFailed,
                $"target.process '{pattern}' matches {matches.Count} processes; make the pattern match one, or give target.pid. Matches: "
                + string.Join("; ", matches.Take(ListedMatches).Select(m => $"{m.Pid} {Shorten(m.CommandLine)}"))
                + (matches.Count > ListedMatches ? "; …" : "")),
        };
    }

    /// <summary>A monitor of the watched process (when there is one), its .NET runtime, the machine and Redline's own runtime, as the suite asks.</summary>
    /// <remarks>
    /// The process and machine figures come from Linux's /proc. Elsewhere the monitor says
    /// "unsupported" for them, and <see cref="PortableTargetSampler"/> still gives the target's CPU
    /// and memory; the .NET runtime is read over its diagnostics port on every platform.
    /// </remarks>
    public static ResourceMonitor Create(int? pid, MonitorSpec spec)
    {
        var linux = OperatingSystem.IsLinux();
        var target = pid is { } watched && linux ? new ProcessMetricsSampler(watched, spec.Children) : null;
        var runtime = pid is { } dotnet && spec.Runtime ? new DiagnosticsPortRuntimeSampler(RuntimeProcess.Of(dotnet, spec.Children)) : null;
        var monitor = new ResourceMonitor(target, runtime, spec.System ? new SystemMetricsSampler() : null, new GeneratorRuntimeSampler())
        {
            RuntimePid = runtime?.Pid,
        };
        if (pid is null)
        {
            monitor.MarkUnavailable("target", "no target process to watch; name one with target.start, target.pid or target.process");
        }
        else if (!linux)
        {
            monitor.MarkUnavailable("target", "process metrics beyond CPU and memory need Linux's /proc");
        }

        return monitor;
    }

    /// <summary>The target's CPU and memory through the portable process API, on a platform without /proc; null on Linux, where the monitor reads more.</summary>
    public static ProcessSampler? PortableTargetSampler(int? pid) => pid is { } watched && !OperatingSystem.IsLinux() ? new ProcessSampler(watched) : null;

    private static bool IsRunning(int pid)
    {
        try
        {
            using var process = System.Diagnostics.Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private static string Shorten(string commandLine) => commandLine.Length <= 80 ? commandLine : commandLine[..77] + "...";
}
