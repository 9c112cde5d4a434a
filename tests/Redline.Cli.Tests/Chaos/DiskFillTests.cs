using System.Diagnostics;
using Redline.Cli.Chaos;
using Redline.Cli.Suites;

namespace Redline.Cli.Tests.Chaos;

/// <summary>The disk fill on a real tmpfs of 32 MiB: free space measured against what was asked, and all of it back after.</summary>
public sealed class DiskFillTests : IDisposable
{
    private const long MiB = 1024 * 1024;
    private readonly string _root = Directory.CreateTempSubdirectory("redline-disk-").FullName;
    private readonly string _mount;
    private readonly FaultLeases _leases;

    public DiskFillTests()
    {
        _mount = Path.Combine(_root, "disk");
        Directory.CreateDirectory(_mount);
        _leases = new FaultLeases(Path.Combine(_root, "journal"));
        if (Environment.UserName == "root")
        {
            Run("mount", "-t", "tmpfs", "-o", "size=32m", "tmpfs", _mount);
        }
    }

    public void Dispose()
    {
        if (Environment.UserName == "root")
        {
            Run("umount", _mount);
        }

        Directory.Delete(_root, recursive: true);
    }

    [RootFact]
    public async Task Progressive_OverFourSeconds_FreeSpaceFallsEvenlyToWhatIsLeftThenComesBack()
    {
        var length = TimeSpan.FromSeconds(4);
        var fault = new FaultSpec("disk_space_exhaustion", "progressive", FaultSpec.Target, TimeSpan.Zero, length, null)
        {
            Kind = FaultKind.DiskFill,
            Path = _mount,
            Leave = 4 * MiB,
            Progressive = true,
        };
        var effect = new DiskFillEffect(fault, 1, new FaultContext { Run = "disk-test", Leases = _leases });
        var clock = Stopwatch.StartNew();

        Assert.Null(await effect.StartAsync(length, CancellationToken.None));
        Assert.Single(_leases.All());
        await Task.Delay(1500);
        var (halfway, at) = (DiskFillEffect.FreeBytes(_mount), clock.Elapsed);
        await Task.Delay(length - clock.Elapsed);
        var atEnd = DiskFillEffect.FreeBytes(_mount);
        var outcome = await effect.StopAsync(clock.Elapsed);

        // The 28 MiB to fill go evenly over the length less half a second: on the way, within a few steps of that
        // line (a step is a quarter second, 2 MiB; a busy machine delays one), well away from both empty and full;
        // at the end, what was asked is left, give or take a MiB.
        var expected = (32 * MiB) - (28 * MiB * Math.Min(1, at.TotalSeconds / (length.TotalSeconds - 0.5)));
        Assert.InRange(halfway, expected - (8 * MiB), Math.Min(expected + (8 * MiB), 28 * MiB));
        Assert.InRange(atEnd, 3 * MiB, 5 * MiB);
        Assert.Null(outcome.Note);
        Assert.Matches(@"^free space 32\.0 MiB -> [345]\.[0-9] MiB with 2[78]\.[0-9] MiB of ballast \(leave 4\.0 MiB\); 32\.0 MiB free after$", outcome.Achieved);
        Assert.Equal(32 * MiB, DiskFillEffect.FreeBytes(_mount));
        Assert.Empty(Directory.EnumerateFileSystemEntries(_mount));
        Assert.Empty(_leases.All());
    }

    [RootFact]
    public async Task Full_LeaveMoreThanIsFree_IsNotAppliedAndSaysWhy()
    {
        var fault = new FaultSpec("disk_space_exhaustion", "full", FaultSpec.Target, TimeSpan.Zero, null, null) { Kind = FaultKind.DiskFill, Path = _mount, Leave = 64 * MiB };
        var effect = new DiskFillEffect(fault, 1, new FaultContext { Run = "disk-test", Leases = _leases });

        var refused = await effect.StartAsync(TimeSpan.FromSeconds(1), CancellationToken.None);

        Assert.Equal($"only 32.0 MiB is free on {_mount}, no more than the 64.0 MiB to leave", refused);
        Assert.Empty(_leases.All());
        Assert.Empty(Directory.EnumerateFileSystemEntries(_mount));
    }

    private static void Run(string program, params string[] args)
    {
        using var process = Process.Start(new ProcessStartInfo(program, args) { UseShellExecute = false, RedirectStandardError = true })!;
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"{program} {string.Join(' ', args)}: {error}");
    }
}
