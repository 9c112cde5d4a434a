namespace Redline.Monitoring.Proc;

/// <summary>One interface's cumulative counters from /proc/net/dev.</summary>
internal readonly record struct InterfaceCounters(
    long ReceivedBytes, long ReceivedPackets, long ReceiveErrors, long ReceiveDrops,
    long SentBytes, long SentPackets, long SendErrors, long SendDrops);

/// <summary>Parses lines of /proc/net/dev: "  eth0: rxbytes rxpackets errs drop fifo frame compressed multicast txbytes ...".</summary>
internal static class ProcNetDev
{
    /// <summary>Parses one interface line; false for the two header lines.</summary>
    public static bool TryParseLine(ReadOnlySpan<char> line, out ReadOnlySpan<char> name, out InterfaceCounters counters)
    {
        counters = default;

        // Split at the colon, not at whitespace: with large counters the kernel prints "eth0:123456".
        var colon = line.IndexOf(':');
        name = colon < 0 ? default : line[..colon].Trim();
        if (name.IsEmpty || name.Contains('|'))
        {
            return false;
        }

        Span<long> v = stackalloc long[16];
        if (ProcText.ParseLongs(line[(colon + 1)..], v) < 12)
        {
            return false;
        }

        counters = new InterfaceCounters(v[0], v[1], v[2], v[3], v[8], v[9], v[10], v[11]);
        return true;
    }
}
