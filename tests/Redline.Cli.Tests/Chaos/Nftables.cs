using System.Diagnostics;

namespace Redline.Cli.Tests.Chaos;

/// <summary>
/// Debian's nftables, which packet_loss drops real packets with. When nft is missing and the tests run as root
/// with apt-get, it is installed once, under the lock .ci/nftables.sh takes; without it the test fails, never skips.
/// </summary>
internal static class Nftables
{
    private const string Nft = "/usr/sbin/nft";
    private const string LockFile = "/tmp/redline-nftables-install.lock";
    private static readonly SemaphoreSlim InProcess = new(1, 1);

    public static async Task RequireAsync()
    {
        if (File.Exists(Nft))
        {
            return;
        }

        Assert.True(File.Exists("/usr/bin/apt-get"), $"{Nft} is missing and cannot be installed here without apt-get: apt-get install nftables, or run .ci/nftables.sh.");
        await InProcess.WaitAsync();
        try
        {
            using var held = new FileStream(LockFile, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            for (var attempt = 0; attempt < 2 && !File.Exists(Nft); attempt++)
            {
                if (attempt == 1)
                {
                    // Without package lists (a fresh machine) the install fails; update once and retry.
                    await AptAsync("update", "-qq");
                }

                await AptAsync("install", "-y", "-qq", "nftables");
            }
        }
        finally
        {
            InProcess.Release();
        }

        Assert.True(File.Exists(Nft), $"apt-get install nftables finished, but {Nft} is still missing.");
    }

    private static async Task AptAsync(params string[] args)
    {
        var start = new ProcessStartInfo("apt-get", ["-o", "DPkg::Lock::Timeout=300", .. args]) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        start.Environment["DEBIAN_FRONTEND"] = "noninteractive";
        using var process = Process.Start(start)!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(10));
        var output = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var errors = process.StandardError.ReadToEndAsync(timeout.Token);
        await process.WaitForExitAsync(timeout.Token);
        await Task.WhenAll(output, errors);
    }
}
