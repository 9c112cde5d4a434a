using System.Diagnostics;

namespace Redline.Monitoring.Tests;

/// <summary>A child process for a test, killed with its tree when the test ends.</summary>
internal sealed class ChildProcess : IDisposable
{
    // Every 190 ms of wall time, burns 1/10 s of its own CPU (counted in clock ticks from its
    // /proc stat, so 90-100 ms) and sleeps the rest: half a core. Burning CPU time rather than wall
    // time keeps it at half a core on a busy machine too, and a late cycle is not made up.
    // Needs only bash 5 (EPOCHREALTIME), getconf (libc-bin) and sleep (coreutils).
    public const string BurnHalfCore = """
        burn=$(( $(getconf CLK_TCK) / 10 ))
        ticks() { local f; read -r -a f < /proc/$$/stat; t=$(( f[13] + f[14] )); }
        now() { n=${EPOCHREALTIME//[!0-9]/}; }
        now; next=$n
        while :; do
            next=$(( next + 190000 )); ticks; s=$t
            while (( t - s < burn )); do ticks; now; (( n < next )) || break; done
            now; rest=$(( next - n ))
            if (( rest > 0 )); then printf -v d '0.%06d' "$rest"; sleep "$d"; else next=$n; fi
        done
        """;

    private ChildProcess(Process process) => Process = process;

    public Process Process { get; }

    public int Pid => Process.Id;

    public static ChildProcess Start(string command, params string[] args) => Start(command, redirectInput: false, args);

    public static ChildProcess Start(string command, bool redirectInput, params string[] args)
    {
        var info = new ProcessStartInfo(command)
        {
            UseShellExecute = false,
            RedirectStandardInput = redirectInput,
            RedirectStandardOutput = true,
        };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        return new ChildProcess(Process.Start(info)!);
    }

    public void Dispose()
    {
        try
        {
            Process.Kill(entireProcessTree: true);
            Process.WaitForExit(5000);
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }

        Process.Dispose();
    }
}
