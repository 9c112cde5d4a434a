using System.Globalization;

namespace Redline.Monitoring.Tests;

/// <summary>The allocating .NET app built beside the tests: a real runtime with collections to read.</summary>
internal static class Allocator
{
    /// <summary>Starts it and waits until it says it is allocating; it exits by itself after <paramref name="seconds"/>, or when its standard input closes.</summary>
    /// <param name="seconds">How long it runs before exiting by itself.</param>
    /// <param name="megabytesPerSecond">Its allocation rate.</param>
    public static async Task<ChildProcess> StartAsync(double seconds, double megabytesPerSecond = 50)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "Redline.Monitoring.Tests.Allocator.dll");
        Assert.True(File.Exists(dll), $"{dll} was not built with the tests");
        var child = ChildProcess.Start(DotnetHost(), redirectInput: true, dll, seconds.ToString(CultureInfo.InvariantCulture), megabytesPerSecond.ToString(CultureInfo.InvariantCulture));
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

    private static string DotnetHost() =>
        Environment.ProcessPath is { } path && Path.GetFileNameWithoutExtension(path) == "dotnet" ? path : "dotnet";
}
