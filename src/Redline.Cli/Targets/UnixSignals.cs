using System.Runtime.InteropServices;

namespace Redline.Cli.Targets;

/// <summary>Sends POSIX signals, which .NET's Process cannot do except for SIGKILL of one process.</summary>
internal static class UnixSignals
{
    /// <summary>SIGTERM: asks a process to stop.</summary>
    public const int Terminate = 15;

    /// <summary>SIGKILL: stops it at once.</summary>
    public const int Kill = 9;

    /// <summary>Asks process <paramref name="pid"/> to terminate; false when the signal could not be sent.</summary>
    public static bool TryTerminate(int pid) => TrySend(pid, Terminate);

    /// <summary>Sends <paramref name="signal"/> to process <paramref name="pid"/>; false when it could not be sent.</summary>
    public static bool TrySend(int pid, int signal) => pid > 0 && Send(pid, signal);

    /// <summary>Sends <paramref name="signal"/> to every process of group <paramref name="group"/>; false when there was none.</summary>
    public static bool TrySendToGroup(int group, int signal) => group > 0 && Send(-group, signal);

    private static bool Send(int target, int signal)
    {
        if (OperatingSystem.IsWindows())
        {
            return false;
        }

        try
        {
            return SysKill(target, signal) == 0;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return false;
        }
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int SysKill(int pid, int signal);
}
