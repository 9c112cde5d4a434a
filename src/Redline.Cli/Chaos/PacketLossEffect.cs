using System.Globalization;
using System.Text.Json;
using Redline.Cli.Suites;

namespace Redline.Cli.Chaos;

/// <summary>
/// Real packet loss on the target's traffic: an nftables table in the target's network namespace drops each TCP
/// packet to or from the target's port with the asked probability (<c>numgen random mod 1000</c> on the input
/// hook, so the sender's own send never fails), and counts the packets it saw and dropped, which is what the
/// fault reports as achieved.
/// </summary>
internal sealed class PacketLossEffect(FaultSpec fault, int id, FaultContext context) : FaultEffect
{
    private readonly string _table = $"redline_loss_{id.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>The ruleset for a loss of <paramref name="share"/> (0 to 1) on <paramref name="port"/>, as nft reads it.</summary>
    public static string Ruleset(string table, int port, double share)
    {
        var perMille = (int)Math.Round(share * 1000);
        return string.Create(CultureInfo.InvariantCulture, $$"""
            table inet {{table}} {
              counter seen { }
              counter dropped { }
              chain input {
                type filter hook input priority 0; policy accept;
                tcp dport {{port}} counter name seen
                tcp sport {{port}} counter name seen
                tcp dport {{port}} numgen random mod 1000 < {{perMille}} counter name dropped drop
                tcp sport {{port}} numgen random mod 1000 < {{perMille}} counter name dropped drop
              }
            }

            """);
    }

    public override Task<string?> StartAsync(TimeSpan length, CancellationToken cancellationToken)
    {
        if (context.Namespace is not { } ns || context.BaseUrl is not { } baseUrl)
        {
            return Task.FromResult<string?>("the target does not run in a network namespace of Redline's");
        }

        var (code, output) = ns.Run("nft", Ruleset(_table, baseUrl.Port, fault.Share), "-f", "-");
        return Task.FromResult(code == 0 ? null : $"nft refused the rules: {output}");
    }

    public override Task<FaultOutcome> StopAsync(TimeSpan length)
    {
        var ns = context.Namespace!;
        var (listed, json) = ns.Run("nft", null, "-j", "list", "counters", "table", "inet", _table);
        var (deleted, why) = ns.Run("nft", null, "delete", "table", "inet", _table);
        if (listed != 0)
        {
            return Task.FromResult(new FaultOutcome(null, $"the counters could not be read: {json}"));
        }

        var (seen, dropped) = Counters(json);
        var asked = fault.Share * 100;
        if (seen == 0)
        {
            return Task.FromResult(new FaultOutcome(null, "no packet went to or from the target while the fault was on"));
        }

        var share = 100.0 * dropped / seen;
        var sd = 100 * Math.Sqrt(fault.Share * (1 - fault.Share) / seen);
        var achieved = Figure($"{share:0.00}% of packets dropped ({dropped} of {seen}, both ways)");
        var note = deleted != 0 ? $"the rules could not be removed: {why}"
            : seen < 1000 ? Figure($"only {seen} packets: too few to tell the share within a point")
            : Math.Abs(share - asked) > Math.Max(3 * sd, 1) ? Figure($"asked {asked:0.#}%, reached {share:0.00}%")
            : null;
        return Task.FromResult(new FaultOutcome(achieved, note));
    }

    /// <summary>The packets the table saw and dropped, from <c>nft -j list counters</c>.</summary>
    public static (long Seen, long Dropped) Counters(string json)
    {
        using var document = JsonDocument.Parse(json);
        long seen = 0, dropped = 0;
        foreach (var item in document.RootElement.GetProperty("nftables").EnumerateArray())
        {
            if (item.TryGetProperty("counter", out var counter))
            {
                var packets = counter.GetProperty("packets").GetInt64();
                switch (counter.GetProperty("name").GetString())
                {
                    case "seen":
                        seen = packets;
                        break;
                    case "dropped":
                        dropped = packets;
                        break;
                }
            }
        }

        return (seen, dropped);
    }
}
