using System.Diagnostics;
using Xunit;

namespace Redline.Testing;

/// <summary>
/// Debian's chromium, the real browser the HTML report is checked in. When it is missing and the
/// tests run as root with apt-get, it is installed once (the lock file is the one .ci/chromium.sh
/// takes); it is never fetched any other way. Without it the browser tests fail, never skip.
/// </summary>
public static class Chromium
{
    public const string Browser = "/usr/bin/chromium";
    private const string LockFile = "/tmp/redline-chromium-install.lock";
    private static readonly TimeSpan InstallTimeout = TimeSpan.FromMinutes(15);
    private static readonly SemaphoreSlim InProcess = new(1, 1);

    /// <summary>The browser's path, installing it first when that is possible; fails the test with the reason when it is not.</summary>
    public static async Task<string> RequireAsync()
    {
        if (File.Exists(Browser))
        {
            return Browser;
        }

        if (!OperatingSystem.IsLinux() || !Environment.IsPrivilegedProcess || !File.Exists("/usr/bin/apt-get"))
        {
            Assert.Fail($"{Browser} is missing and cannot be installed here (needs Linux, root and apt-get). Run .ci/chromium.sh as root, or apt-get install chromium.");
        }

        await InProcess.WaitAsync();
        try
        {
            using var held = await LockAsync();
            if (!File.Exists(Browser))
            {
                await InstallAsync();
            }
        }
        finally
        {
            InProcess.Release();
        }

        Assert.True(File.Exists(Browser), $"apt-get install chromium finished, but {Browser} is still missing.");
        return Browser;
    }

    /// <summary>Runs the browser headless on <paramref name="arguments"/> with a fresh profile; kills it after <paramref name="timeout"/>.</summary>
    public static async Task<(int ExitCode, string Output, string Errors)> RunAsync(string browser, IEnumerable<string> arguments, TimeSpan timeout)
    {
        var profile = Directory.CreateTempSubdirectory("redline-chromium-profile-");
        try
        {
            string[] common =
            [
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--hide-scrollbars", $"--user-data-dir={profile.FullName}",
            ];
            return await ExecuteAsync(browser, [.. common, .. arguments], timeout);
        }
        finally
        {
            profile.Delete(recursive: true);
        }
    }

    private static async Task InstallAsync()
    {
        string[] install = ["-o", "DPkg::Lock::Timeout=300", "install", "-y", "-qq", "chromium"];
        var first = await ExecuteAsync("apt-get", install, InstallTimeout);
        if (first.ExitCode == 0)
        {
            return;
        }

        // Without package lists (a fresh machine) the install fails; update once and retry.
        var update = await ExecuteAsync("apt-get", ["-o", "DPkg::Lock::Timeout=300", "update", "-qq"], InstallTimeout);
        var second = await ExecuteAsync("apt-get", install, InstallTimeout);
        if (second.ExitCode != 0)
        {
            Assert.Fail($"apt-get install chromium failed (exit {second.ExitCode}) after apt-get update (exit {update.ExitCode}):\n{second.Errors}\n{update.Errors}");
        }
    }

    /// <summary>The lock that .ci/chromium.sh also takes (flock on Linux), so that two installers never race.</summary>
    private static async Task<FileStream> LockAsync()
    {
        var deadline = TimeProvider.System.GetUtcNow() + InstallTimeout;
        while (true)
        {
            try
            {
                return new FileStream(LockFile, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (TimeProvider.System.GetUtcNow() < deadline)
            {
                await Task.Delay(500);
            }
        }
    }

    private static async Task<(int ExitCode, string Output, string Errors)> ExecuteAsync(string file, IEnumerable<string> arguments, TimeSpan timeout)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["DEBIAN_FRONTEND"] = "noninteractive";
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{file} did not start.");
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var limit = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            Assert.Fail($"{file} {string.Join(' ', start.ArgumentList)} did not finish within {timeout.TotalSeconds:0} s and was killed.\n{await errors}");
        }

        return (process.ExitCode, await output, await errors);
    }
}
