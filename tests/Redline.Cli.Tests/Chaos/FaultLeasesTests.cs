using System.Diagnostics;
using Redline.Cli.Chaos;

namespace Redline.Cli.Tests.Chaos;

/// <summary>The fault journal: what a run that is gone left behind is reverted, what a live run holds is not.</summary>
public sealed class FaultLeasesTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("redline-leases-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Sweep_OwnerGone_DeletesTheBallastAndTheLeaseAndSaysSo()
    {
        var leases = new FaultLeases(Path.Combine(_dir, "journal"));
        var ballast = Path.Combine(_dir, "ballast");
        File.WriteAllBytes(ballast, new byte[2 * 1024 * 1024]);
        var dead = DeadPid();
        leases.Write(FaultLeases.New("run1", 1, "disk_space_exhaustion full on /data", TimeSpan.FromMinutes(1)) with { OwnerPid = dead, OwnerStart = 1, Files = [ballast] });

        var lines = leases.Sweep();

        Assert.False(File.Exists(ballast));
        Assert.Empty(leases.All());
        var line = Assert.Single(lines);
        Assert.Equal($"reverted disk_space_exhaustion full on /data, left by run run1 (its Redline, pid {dead}, is gone): deleted {ballast} (2 MiB)", line);
    }

    [Fact]
    public void Sweep_OwnerRunningAndNotDue_KeepsItUnlessAskedForAll()
    {
        var leases = new FaultLeases(Path.Combine(_dir, "journal"));
        var ballast = Path.Combine(_dir, "ballast");
        File.WriteAllText(ballast, "x");
        leases.Write(FaultLeases.New("run2", 1, "disk fill", TimeSpan.FromMinutes(1)) with { Files = [ballast] });

        Assert.Empty(leases.Sweep());
        Assert.True(File.Exists(ballast));
        Assert.Single(leases.All());

        var lines = leases.Sweep(all: true);

        Assert.Contains("asked to clean all", Assert.Single(lines), StringComparison.Ordinal);
        Assert.False(File.Exists(ballast));
    }

    [Fact]
    public void Sweep_OwnerRunningButOverdue_RevertsIt()
    {
        var leases = new FaultLeases(Path.Combine(_dir, "journal"));
        var ballast = Path.Combine(_dir, "ballast");
        File.WriteAllText(ballast, "x");
        leases.Write(FaultLeases.New("run3", 1, "disk fill", TimeSpan.FromMinutes(1)) with { Files = [ballast], Expires = TimeProvider.System.GetUtcNow().AddSeconds(-1) });

        Assert.Contains("it was due to end by", Assert.Single(leases.Sweep()), StringComparison.Ordinal);
        Assert.False(File.Exists(ballast));
    }

    [Fact]
    public void Sweep_ServiceGone_SaysTheCallFailedAndForgetsTheLease()
    {
        var leases = new FaultLeases(Path.Combine(_dir, "journal"));
        leases.Write(FaultLeases.New("run4", 1, "database_connection_drop 10% on reference", TimeSpan.FromMinutes(1)) with
        {
            OwnerPid = DeadPid(),
            OwnerStart = 1,
            Calls = [new LeaseCall("DELETE", "http://127.0.0.1:9/api/admin/faults/database_drop")],
        });

        var line = Assert.Single(leases.Sweep());

        Assert.Contains("could not call DELETE http://127.0.0.1:9/api/admin/faults/database_drop", line, StringComparison.Ordinal);
        Assert.Empty(leases.All());
    }

    [Fact]
    public void Sweep_UnreadableLease_IsNamedAndTheOthersStillReverted()
    {
        var journal = Path.Combine(_dir, "journal");
        var leases = new FaultLeases(journal);
        var ballast = Path.Combine(_dir, "ballast");
        File.WriteAllText(ballast, "x");
        leases.Write(FaultLeases.New("run5", 1, "disk fill", TimeSpan.FromMinutes(1)) with { OwnerPid = DeadPid(), OwnerStart = 1, Files = [ballast] });
        File.WriteAllText(Path.Combine(journal, "redline-broken-1.json"), "{ not json");

        var lines = leases.Sweep();

        Assert.Equal(2, lines.Count);
        Assert.StartsWith($"could not read the fault lease {Path.Combine(journal, "redline-broken-1.json")}", lines[0], StringComparison.Ordinal);
        Assert.False(File.Exists(ballast));
    }

    /// <summary>The pid of a process that has exited.</summary>
    private static int DeadPid()
    {
        using var process = Process.Start(new ProcessStartInfo("true") { UseShellExecute = false })!;
        process.WaitForExit();
        return process.Id;
    }
}
