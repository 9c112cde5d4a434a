using System.Globalization;
using System.Runtime.InteropServices;

namespace Redline.Monitoring.Proc;

/// <summary>Reads a process's CPU ticks and resident memory from Linux's /proc.</summary>
internal static class LinuxProc
{
    private const int ScClkTck = 2;
    private const long FallbackTicksPerSecond = 100;

    /// <summary>Clock ticks per second (USER_HZ), the unit of the CPU fields in /proc/&lt;pid&gt;/stat.</summary>
    public static long TicksPerSecond { get; } = ReadTicksPerSecond();

    /// <summary>The process's stat line, or null when the process is gone.</summary>
    public static ProcStat? ReadStat(int pid)
    {
        var text = ReadOrNull($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/stat");
        return text is not null && ProcStat.TryParse(text, out var stat) ? stat : null;
    }

    /// <summary>Resident set size in bytes, or null when the process is gone.</summary>
    public static long? ReadRssBytes(int pid)
    {
        // statm: size resident shared text lib data dt, all in pages.
        var text = ReadOrNull($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/statm");
        if (text is null)
        {
            return null;
        }

        var fields = text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return fields.Length > 1 && long.TryParse(fields[1], NumberStyles.None, CultureInfo.InvariantCulture, out var pages)
            ? pages * Environment.SystemPageSize
            : null;
    }

    private static string? ReadOrNull(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The directory vanishes when the process is reaped; a read racing the exit fails with ESRCH.
            return null;
        }
    }

    private static long ReadTicksPerSecond()
    {
        try
        {
            var ticks = Sysconf(ScClkTck);
            return ticks > 0 ? ticks : FallbackTicksPerSecond;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return FallbackTicksPerSecond;
        }
    }

    [DllImport("libc", EntryPoint = "sysconf")]
    private static extern long Sysconf(int name);
}
