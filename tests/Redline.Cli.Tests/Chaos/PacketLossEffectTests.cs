using Redline.Cli.Chaos;

namespace Redline.Cli.Tests.Chaos;

public sealed class PacketLossEffectTests
{
    [Fact]
    public void Ruleset_FivePercent_DropsFiftyInAThousandEachWayOnTheInputHookOnly()
    {
        var rules = PacketLossEffect.Ruleset("redline_loss_3", 5090, 0.05);

        Assert.Contains("type filter hook input priority 0; policy accept;", rules, StringComparison.Ordinal);
        Assert.Contains("tcp dport 5090 numgen random mod 1000 < 50 counter name dropped drop", rules, StringComparison.Ordinal);
        Assert.Contains("tcp sport 5090 numgen random mod 1000 < 50 counter name dropped drop", rules, StringComparison.Ordinal);
        Assert.DoesNotContain("output", rules, StringComparison.Ordinal);
    }

    [Fact]
    public void Counters_NftJson_SeenAndDroppedPackets()
    {
        const string Json = """
            {"nftables": [{"metainfo": {"version": "1.0.6", "json_schema_version": 1}},
              {"counter": {"family": "inet", "name": "seen", "table": "redline_loss_1", "handle": 2, "packets": 10234, "bytes": 881234}},
              {"counter": {"family": "inet", "name": "dropped", "table": "redline_loss_1", "handle": 3, "packets": 517, "bytes": 40311}}]}
            """;

        Assert.Equal((10234L, 517L), PacketLossEffect.Counters(Json));
    }
}
