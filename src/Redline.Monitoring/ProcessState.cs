using System.Diagnostics;
using System.Globalization;

namespace Redline.Monitoring;

/// <summary>Whether a process is still running, to tell an exited target from a refused connection.</summary>
internal static class ProcessState
{
    /// <summary>True while <paramref name="pid"/> runs; a zombie (exited, not yet reaped) counts as exited.</summary>
    public static bool IsRunning(int pid)
    {
        if (OperatingSystem.IsLinux())
        {
            try
            {
                // The state is the first field after the parenthesised name, which may itself hold ") ".
                var stat = File.ReadAllText($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/stat");
                var end = stat.LastIndexOf(')');
                return end >= 0 && end + 2 < stat.Length && stat[end + 2] is not ('Z' or 'X');
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return false;
            }
        }

        Process process;
        try
        {
            process = Process.GetProcessById(pid);
        }
        catch (ArgumentException)
        {
            return false;
        }

        using (process)
        {
            try
            {
                return !process.HasExited;
            }
            catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception or NotSupportedException)
            {
                // A process we may not inspect still exists.
                return true;
            }
        }
    }
}
