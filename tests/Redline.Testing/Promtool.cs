using System.Diagnostics;

using Xunit;

namespace Redline.Testing;

/// <summary>
/// Debian's promtool, the linter Prometheus ships: installed with the prometheus package by .ci/prometheus.sh.
/// Without it these tests fail, never skip.
/// </summary>
public static class Promtool
{
    /// <summary>Runs <c>promtool</c> with <paramref name="arguments"/>, <paramref name="input"/> on its standard input; its exit code and output.</summary>
    public static async Task<(int ExitCode, string Output)> RunAsync(string input, params string[] arguments)
    {
        var path = new[] { "/usr/bin/promtool", "/usr/local/bin/promtool" }.FirstOrDefault(File.Exists);
        Assert.True(path is not null, "promtool is missing: run .ci/prometheus.sh as root (apt-get install prometheus).");
        var start = new ProcessStartInfo(path!) { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.StandardInput.WriteAsync(input);
        process.StandardInput.Close();
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            Assert.Fail("promtool did not finish within 30 s and was killed.");
        }

        return (process.ExitCode, (await output) + (await errors));
    }
}
