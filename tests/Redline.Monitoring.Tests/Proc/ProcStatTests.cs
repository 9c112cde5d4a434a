using Redline.Monitoring.Proc;

namespace Redline.Monitoring.Tests.Proc;

public sealed class ProcStatTests
{
    // Fields 3..22 after the name: state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime stime cutime cstime priority nice threads itreal starttime.
    private const string Tail = "S 1 2 3 0 -1 4194560 100 0 0 0 1234 567 0 0 20 0 1 0 98765 12345678 900 18446744073709551615\n";

    [Fact]
    public void TryParse_PlainName_ReadsCpuTicksStateAndStart()
    {
        Assert.True(ProcStat.TryParse("4242 (server) " + Tail, out var stat));

        Assert.Equal('S', stat.State);
        Assert.Equal(1234, stat.UserTicks);
        Assert.Equal(567, stat.SystemTicks);
        Assert.Equal(1801, stat.CpuTicks);
        Assert.Equal(98765, stat.StartTicks);
        Assert.False(stat.HasExited);
    }

    [Fact]
    public void TryParse_NameWithSpacesAndParentheses_ParsesAfterTheLastParenthesis()
    {
        Assert.True(ProcStat.TryParse("4242 (my (odd)) S 9 name) " + Tail, out var stat));

        Assert.Equal(1234, stat.UserTicks);
        Assert.Equal(567, stat.SystemTicks);
        Assert.Equal(98765, stat.StartTicks);
    }

    [Fact]
    public void TryParse_Zombie_ReportsExited()
    {
        Assert.True(ProcStat.TryParse("4242 (server) Z" + Tail[1..], out var stat));

        Assert.True(stat.HasExited);
    }

    [Theory]
    [InlineData("")]
    [InlineData("4242 server S 1 2 3")]
    [InlineData("4242 (server) S 1 2 3")]
    [InlineData("4242 (server) S 1 2 3 0 -1 4194560 100 0 0 0 x 567 0 0 20 0 1 0 98765")]
    public void TryParse_Malformed_ReturnsFalse(string line)
    {
        Assert.False(ProcStat.TryParse(line, out _));
    }
}
