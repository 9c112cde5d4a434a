using Redline.Monitoring.Proc;

namespace Redline.Monitoring.Tests.Proc;

public sealed class ProcPidParsersTests
{
    private const string Status = """
        Name:	my (odd) name
        Umask:	0022
        State:	S (sleeping)
        Tgid:	4242
        PPid:	1
        VmPeak:	  123456 kB
        VmSize:	  120000 kB
        VmRSS:	    2160 kB
        RssAnon:	     512 kB
        Threads:	7
        voluntary_ctxt_switches:	150
        nonvoluntary_ctxt_switches:	12
        """;

    private const string Io = """
        rchar: 6976
        wchar: 20971520
        syscr: 10
        syscw: 20
        read_bytes: 4096
        write_bytes: 20975616
        cancelled_write_bytes: 0
        """;

    [Fact]
    public void StatusTryParse_RealStatus_ReadsMemoryThreadsAndSwitches()
    {
        Assert.True(ProcPidStatus.TryParse(Status, out var status));

        Assert.Equal(new ProcPidStatus(2160 * 1024, 120000 * 1024, 7, 150, 12), status);
    }

    [Fact]
    public void StatusTryParse_NameLineLooksLikeAField_IsNotConfused()
    {
        var text = "Name:\tThreads: 99\nVmRSS:\t 4 kB\nThreads:\t3\n";

        Assert.True(ProcPidStatus.TryParse(text, out var status));

        Assert.Equal(3, status.Threads);
        Assert.Equal(4096, status.RssBytes);
    }

    [Fact]
    public void StatusTryParse_ZombieWithoutVmLines_ReportsZeroMemory()
    {
        Assert.True(ProcPidStatus.TryParse("Name:\tx\nState:\tZ (zombie)\nThreads:\t1\n", out var status));

        Assert.Equal(0, status.RssBytes);
        Assert.Equal(0, status.VoluntaryContextSwitches);
    }

    [Fact]
    public void StatusTryParse_NoThreadsLine_ReturnsFalse()
    {
        Assert.False(ProcPidStatus.TryParse("Name:\tx\nVmRSS:\t 4 kB\n", out _));
    }

    [Fact]
    public void IoTryParse_RealIo_ReadsAllSixCounters()
    {
        Assert.True(ProcPidIo.TryParse(Io, out var io));

        Assert.Equal(new ProcPidIo(6976, 20971520, 10, 20, 4096, 20975616), io);
    }

    [Fact]
    public void IoTryParse_KernelWithoutStorageAccounting_ReadsCharsAndZeroBytes()
    {
        Assert.True(ProcPidIo.TryParse("rchar: 5\nwchar: 6\nsyscr: 1\nsyscw: 2\nnew_counter: 9\n", out var io));

        Assert.Equal(new ProcPidIo(5, 6, 1, 2, 0, 0), io);
    }

    [Fact]
    public void IoTryParse_Empty_ReturnsFalse()
    {
        Assert.False(ProcPidIo.TryParse("", out _));
    }

    [Theory]
    [InlineData("4242 (bash) S 17 4242 4242 0 -1 4194560 100 0", 17)]
    [InlineData("4242 (a) b) (c ) R 99 1 1 0", 99)]
    [InlineData("4242 (x) S 1 2 3 0 -1 4194560 100 0 0 0 1234 567 0 0 20 0 1 0 98765 12345678 900 1 2 3 4 5 6 7 8 9 10", 1)]
    public void ParentTryParse_StatLine_ReadsPpidAfterTheLastParenthesis(string line, int expected)
    {
        Assert.True(ProcParent.TryParse(line, out var parent));

        Assert.Equal(expected, parent);
    }

    [Theory]
    [InlineData("")]
    [InlineData("4242 bash S 17")]
    [InlineData("4242 (bash) S")]
    [InlineData("4242 (bash) S x")]
    public void ParentTryParse_Malformed_ReturnsFalse(string line)
    {
        Assert.False(ProcParent.TryParse(line, out _));
    }
}
