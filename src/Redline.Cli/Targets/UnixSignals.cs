using System.Runtime.InteropServices;

namespace Redline.Cli.Targets;

/// <summary>Sends POSIX signals, which .NET's Process cannot do except for SIGKILL.</summary>
internal static class UnixSignals
{
    private const int SigTerm = 15;

    /// <summary>Asks process <paramref name="pid"/> to terminate; false when the signal could not be sent.</summary>
    public static bool TryTerminate(int pid)
    {
        if (OperatingSystem.IsWindows())
        {
            return false;
        }

        try
        {
            return Kill(pid, SigTerm) == 0;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return false;
        }
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);
}
