using System.Net;
using Redline.Cli.Running;

namespace Redline.Cli.Tests.Running;

public sealed class ConnectionBudgetTests
{
    // This machine's own: 20,000 open files, ports 32768-60999 (28,232).
    private static readonly ConnectionBudget.Limits Machine = new(20_000, 20_000, 118, 32768, 60999);
    private static readonly Uri Loopback = new("http://127.0.0.1:8080");

    [Fact]
    public void Check_MoreUsersThanTheOpenFileLimit_IsRefusedNamingTheLimitAndHowToRaiseIt()
    {
        var (sources, refusal) = ConnectionBudget.Check([new("peak", 25_000, "25,000 users")], Loopback, Machine);

        Assert.Empty(sources);
        Assert.NotNull(refusal);
        Assert.Contains("scenario 'peak' needs up to 25,000 connections at once (25,000 users)", refusal, StringComparison.Ordinal);
        Assert.Contains("may open 20,000 files (the open-file limit, `ulimit -n`)", refusal, StringComparison.Ordinal);
        Assert.Contains("19,754 left for connections", refusal, StringComparison.Ordinal);
        Assert.Contains("ulimit -Hn", refusal, StringComparison.Ordinal);
        Assert.Contains("no load was sent", refusal, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_UnderASoftLimitBelowTheHardOne_SaysToRaiseItToTheHardLimit()
    {
        var (_, refusal) = ConnectionBudget.Check([new("peak", 2_000, "2,000 users")], Loopback, Machine with { OpenFiles = 1024 });

        Assert.Contains("`ulimit -n 20000` (the hard limit)", refusal, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_WithinTheLimits_NeedsNothing()
    {
        var (sources, refusal) = ConnectionBudget.Check([new("a", 15_000, "15,000 users"), new("b", 1_000, "max_concurrency 1,000")], Loopback, Machine);

        Assert.Empty(sources);
        Assert.Null(refusal);
    }

    [Fact]
    public void Check_MorePortsThanOneAddressHas_SpreadsALoopbackTargetOverSeveralAddresses()
    {
        var roomy = Machine with { OpenFiles = 1_000_000, OpenFilesHard = 1_000_000 };

        var (sources, refusal) = ConnectionBudget.Check([new("huge", 60_000, "60,000 users")], Loopback, roomy);

        Assert.Null(refusal);
        Assert.Equal([IPAddress.Parse("127.0.0.1"), IPAddress.Parse("127.0.0.2"), IPAddress.Parse("127.0.0.3")], sources);
    }

    [Fact]
    public void Check_MorePortsThanOneAddressHas_ToARemoteTarget_IsRefusedNamingThePortRange()
    {
        var roomy = Machine with { OpenFiles = 1_000_000, OpenFilesHard = 1_000_000 };

        var (_, refusal) = ConnectionBudget.Check([new("huge", 60_000, "60,000 users")], new Uri("http://example.test:80"), roomy);

        Assert.Contains("the ephemeral port range (32768-60999, 28,232 ports, net.ipv4.ip_local_port_range)", refusal, StringComparison.Ordinal);
        Assert.Contains("sysctl -w net.ipv4.ip_local_port_range", refusal, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_OnLinux_GivesThisProcesssLimits()
    {
        var limits = ConnectionBudget.Read();

        Assert.NotNull(limits);
        Assert.True(limits.OpenFiles >= limits.OpenNow && limits.OpenNow > 0, limits.ToString());
        Assert.True(limits.Ports > 0, limits.ToString());
    }
}
