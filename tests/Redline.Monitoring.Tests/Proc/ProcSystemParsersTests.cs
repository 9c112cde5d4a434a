using Redline.Monitoring.Proc;

namespace Redline.Monitoring.Tests.Proc;

public sealed class ProcSystemParsersTests
{
    [Fact]
    public void CpuTimesTryParse_RealStat_ReadsTheAllCoresLine()
    {
        var text = "cpu  441534 307 97842 715815 1199 0 10872 142 0 0\ncpu0 1 2 3 4 5 6 7 8 0 0\nintr 1 2 3\n";

        Assert.True(ProcCpuTimes.TryParse(text, out var times));

        Assert.Equal(new ProcCpuTimes(441534, 307, 97842, 715815, 1199, 0, 10872, 142), times);
        Assert.Equal(441534 + 307 + 97842 + 715815 + 1199 + 10872 + 142, times.Total);
    }

    [Fact]
    public void CpuTimesTryParse_OldKernelWithFourColumns_CountsTheRestAsZero()
    {
        Assert.True(ProcCpuTimes.TryParse("cpu  10 0 5 100\n", out var times));

        Assert.Equal(new ProcCpuTimes(10, 0, 5, 100, 0, 0, 0, 0), times);
    }

    [Fact]
    public void CpuTimesTryParse_FutureKernelWithMoreColumns_IgnoresThem()
    {
        Assert.True(ProcCpuTimes.TryParse("cpu  1 2 3 4 5 6 7 8 9 10 11 12\n", out var times));

        Assert.Equal(8, times.Steal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("cpu0 1 2 3 4\n")]
    [InlineData("cpu  1 2 x 4\n")]
    public void CpuTimesTryParse_Malformed_ReturnsFalse(string text)
    {
        Assert.False(ProcCpuTimes.TryParse(text, out _));
    }

    [Fact]
    public void LoadAvgTryParse_RealLoadavg_ReadsThreeAverages()
    {
        Assert.True(ProcLoadAvg.TryParse("1.34 0.51 12.96 3/145 14333\n", out var one, out var five, out var fifteen));

        Assert.Equal((1.34, 0.51, 12.96), (one, five, fifteen));
    }

    [Fact]
    public void LoadAvgTryParse_Truncated_ReturnsFalse()
    {
        Assert.False(ProcLoadAvg.TryParse("1.34 0.51", out _, out _, out _));
    }

    [Fact]
    public void MemInfoTryParse_RealMeminfo_ReadsBytesAndIgnoresSwapCached()
    {
        var text = "MemTotal:       24684092 kB\nMemFree:        22707576 kB\nMemAvailable:   23983832 kB\nBuffers:           11220 kB\nCached:          1451968 kB\nSwapCached:            7 kB\n";

        Assert.True(ProcMemInfo.TryParse(text, out var info));

        Assert.Equal(new ProcMemInfo(24684092L * 1024, 22707576L * 1024, 23983832L * 1024, 11220L * 1024, 1451968L * 1024), info);
        Assert.Equal((24684092L - 23983832L) * 1024, info.Used);
    }

    [Fact]
    public void MemInfoTryParse_OldKernelWithoutMemAvailable_EstimatesItFromFreeBuffersAndCache()
    {
        Assert.True(ProcMemInfo.TryParse("MemTotal: 1000 kB\nMemFree: 100 kB\nBuffers: 50 kB\nCached: 250 kB\n", out var info));

        Assert.Equal(400 * 1024, info.Available);
    }

    [Fact]
    public void MemInfoTryParse_NoTotal_ReturnsFalse()
    {
        Assert.False(ProcMemInfo.TryParse("MemFree: 100 kB\n", out _));
    }

    [Fact]
    public void DiskStatsTryParseLine_ModernLineWithDiscardAndFlushColumns_ReadsOpsAndBytes()
    {
        var line = " 259       0 nvme0n1 12345 100 2000000 5000 6789 50 4000000 9000 0 12000 14000 10 0 80 5 30 40";

        Assert.True(ProcDiskStats.TryParseLine(line, out var device, out var counters));

        Assert.Equal("nvme0n1", device.ToString());
        Assert.Equal(new DiskCounters(12345, 2000000L * 512, 6789, 4000000L * 512), counters);
    }

    [Theory]
    [InlineData("   7       0 loop0 10 0 80 0 0 0 0 0 0 0 0 0 0 0 0 0 0")]
    [InlineData("   1       0 ram0 10 0 80 0 0 0 0 0 0 0 0 0 0 0 0 0 0")]
    [InlineData("   8       0 sda 10 0 80")]
    [InlineData("")]
    public void DiskStatsTryParseLine_LoopRamOrShortLine_ReturnsFalse(string line)
    {
        Assert.False(ProcDiskStats.TryParseLine(line, out _, out _));
    }

    [Fact]
    public void NetDevTryParseLine_InterfaceLine_ReadsReceiveAndSendColumns()
    {
        var line = "    lo: 7037377434 44664646    1    2    0     0          0         0 7037377435 44664647    3    4    0     0       0          0";

        Assert.True(ProcNetDev.TryParseLine(line, out var name, out var counters));

        Assert.Equal("lo", name.ToString());
        Assert.Equal(new InterfaceCounters(7037377434, 44664646, 1, 2, 7037377435, 44664647, 3, 4), counters);
    }

    [Fact]
    public void NetDevTryParseLine_CounterTouchingTheColon_SplitsAtTheColon()
    {
        Assert.True(ProcNetDev.TryParseLine("  eth0:123456789012 5 0 0 0 0 0 0 42 6 0 0 0 0 0 0", out var name, out var counters));

        Assert.Equal("eth0", name.ToString());
        Assert.Equal(123456789012, counters.ReceivedBytes);
        Assert.Equal(42, counters.SentBytes);
    }

    [Theory]
    [InlineData("Inter-|   Receive                                                |  Transmit")]
    [InlineData(" face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed")]
    [InlineData("  eth0: 1 2 3")]
    public void NetDevTryParseLine_HeaderOrShortLine_ReturnsFalse(string line)
    {
        Assert.False(ProcNetDev.TryParseLine(line, out _, out _));
    }

    [Fact]
    public void SnmpTryParseTcp_RealSnmp_FindsColumnsByName()
    {
        var text = """
            Ip: Forwarding DefaultTTL
            Ip: 1 64
            Tcp: RtoAlgorithm RtoMin RtoMax MaxConn ActiveOpens PassiveOpens AttemptFails EstabResets CurrEstab InSegs OutSegs RetransSegs InErrs OutRsts InCsumErrors
            Tcp: 1 200 120000 -1 100607 14348 86213 3297 0 44672048 44669437 331 0 88406 0
            Udp: InDatagrams
            Udp: 5
            """;

        Assert.True(ProcNetSnmp.TryParseTcp(text, out var retransmitted, out var sent));

        Assert.Equal(331, retransmitted);
        Assert.Equal(44669437, sent);
    }

    [Fact]
    public void SnmpTryParseTcp_KernelWithColumnsMovedAndAdded_StillFindsThem()
    {
        var text = "Tcp: NewThing RetransSegs OutSegs Extra\nTcp: 5 7 9 11\n";

        Assert.True(ProcNetSnmp.TryParseTcp(text, out var retransmitted, out var sent));

        Assert.Equal((7, 9), (retransmitted, sent));
    }

    [Fact]
    public void SnmpTryParseTcp_NoRetransSegsColumn_ReturnsFalse()
    {
        Assert.False(ProcNetSnmp.TryParseTcp("Tcp: RtoAlgorithm OutSegs\nTcp: 1 2\n", out _, out _));
    }

    [Fact]
    public void TcpCountStates_RealTable_CountsEachStateAndSkipsTheHeader()
    {
        var text = """
              sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
               0: 0100007F:1FA3 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 156460 1 000000000c6907c9 100 0 0 10 0
               1: 00000000:07E8 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 632 1 0000000055997b14 100 0 0 10 0
               2: 0100007F:1FA3 0100007F:D2C4 01 00000000:00000000 00:00000000 00000000     0        0 1 1 0 20 4 30 10 -1
               3: 0100007F:D2C6 0100007F:1FA3 06 00000000:00000000 03:00000F2A 00000000     0        0 0 3 0
            """;
        var counts = new int[16];

        ProcNetTcp.CountStates(text, counts);

        Assert.Equal(2, counts[0x0A]);
        Assert.Equal(1, counts[0x01]);
        Assert.Equal(1, counts[0x06]);
        Assert.Equal(4, counts.Sum());
        Assert.Equal("LISTEN", ProcNetTcp.StateNames[0x0A]);
    }
}
