using System.Globalization;

namespace Redline.Monitoring.Proc;

/// <summary>Counts sockets by state in /proc/net/tcp and tcp6, whose fourth column is the state in hex.</summary>
internal static class ProcNetTcp
{
    /// <summary>Names of the kernel's TCP states (include/net/tcp_states.h), indexed by their number.</summary>
    public static readonly string[] StateNames =
    [
        "UNKNOWN", "ESTABLISHED", "SYN_SENT", "SYN_RECV", "FIN_WAIT1", "FIN_WAIT2", "TIME_WAIT", "CLOSE",
        "CLOSE_WAIT", "LAST_ACK", "LISTEN", "CLOSING", "NEW_SYN_RECV", "BOUND_INACTIVE", "UNKNOWN_14", "UNKNOWN_15",
    ];

    /// <summary>Adds each socket line's state to <paramref name="counts"/> (16 slots); the header and malformed lines are skipped.</summary>
    public static void CountStates(ReadOnlySpan<char> text, Span<int> counts)
    {
        foreach (var line in text.EnumerateLines())
        {
            var rest = line;
            ProcText.NextToken(ref rest);
            ProcText.NextToken(ref rest);
            ProcText.NextToken(ref rest);
            var state = ProcText.NextToken(ref rest);
            if (int.TryParse(state, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var number)
                && number >= 0 && number < counts.Length)
            {
                counts[number]++;
            }
        }
    }
}
