using System.Diagnostics;

namespace Redline.Monitoring.Tests;

/// <summary>A real process started by a test, killed with its tree when the test ends.</summary>
internal sealed class ChildProcess : IDisposable
{
    private ChildProcess(Process process) => Process = process;

    public Process Process { get; }

    public int Pid => Process.Id;

    /// <summary>Starts <paramref name="command"/>; its standard input stays open until the child is disposed.</summary>
    public static ChildProcess Start(string command, params string[] args)
    {
        var info = new ProcessStartInfo(command)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
        };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        return new ChildProcess(Process.Start(info)!);
    }

    /// <summary>Starts the allocator app built beside the tests, and waits until it says it is allocating.</summary>
    /// <param name="seconds">How long it runs before exiting by itself.</param>
    /// <param name="megabytesPerSecond">Its allocation rate.</param>
    public static async Task<ChildProcess> StartAllocatorAsync(double seconds, double megabytesPerSecond = 50)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "Redline.Monitoring.Tests.Allocator.dll");
        Assert.True(File.Exists(dll), $"{dll} was not built with the tests");
        var child = Start(DotnetHost(), dll, seconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
            megabytesPerSecond.ToString(System.Globalization.CultureInfo.InvariantCulture));
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            var line = await child.Process.StandardOutput.ReadLineAsync(timeout.Token);
            Assert.Equal("ready", line);
            return child;
        }
        catch
        {
            child.Dispose();
            throw;
        }
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

    private static string DotnetHost() =>
        Environment.ProcessPath is { } path && Path.GetFileNameWithoutExtension(path) == "dotnet" ? path : "dotnet";
}
