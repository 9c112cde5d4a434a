namespace Redline.Monitoring.Proc;

/// <summary>Reads the TCP counters of /proc/net/snmp, where a "Tcp:" header line names the columns of the "Tcp:" line after it.</summary>
internal static class ProcNetSnmp
{
    /// <summary>RetransSegs and OutSegs; columns are found by name, so a kernel adding columns changes nothing.</summary>
    public static bool TryParseTcp(ReadOnlySpan<char> text, out long retransmittedSegments, out long sentSegments)
    {
        retransmittedSegments = sentSegments = 0;
        ReadOnlySpan<char> header = default;
        foreach (var line in text.EnumerateLines())
        {
            if (!line.StartsWith("Tcp:", StringComparison.Ordinal))
            {
                continue;
            }

            if (header.IsEmpty)
            {
                header = line;
                continue;
            }

            return TryGetColumn(header, line, "RetransSegs", out retransmittedSegments)
                & TryGetColumn(header, line, "OutSegs", out sentSegments);
        }

        return false;
    }

    private static bool TryGetColumn(ReadOnlySpan<char> header, ReadOnlySpan<char> values, ReadOnlySpan<char> column, out long value)
    {
        value = 0;
        while (true)
        {
            var name = ProcText.NextToken(ref header);
            var token = ProcText.NextToken(ref values);
            if (name.IsEmpty || token.IsEmpty)
            {
                return false;
            }

            if (name.SequenceEqual(column))
            {
                return ProcText.TryParseLong(token, out value);
            }
        }
    }
}
