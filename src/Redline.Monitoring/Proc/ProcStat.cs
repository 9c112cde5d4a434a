using System.Globalization;

namespace Redline.Monitoring.Proc;

/// <summary>The fields Redline needs from one line of /proc/&lt;pid&gt;/stat.</summary>
/// <param name="State">The state letter: R, S, D, Z (zombie), X (dead) and so on.</param>
/// <param name="UserTicks">utime, in clock ticks.</param>
/// <param name="SystemTicks">stime, in clock ticks.</param>
/// <param name="StartTicks">starttime, clock ticks after boot; tells a reused pid from the original.</param>
internal readonly record struct ProcStat(char State, long UserTicks, long SystemTicks, long StartTicks)
{
    /// <summary>User plus system time, in clock ticks.</summary>
    public long CpuTicks => UserTicks + SystemTicks;

    /// <summary>True for a process that has exited, even if its parent has not reaped it yet.</summary>
    public bool HasExited => State is 'Z' or 'X' or 'x';

    /// <summary>Parses a stat line; false when it is not one.</summary>
    public static bool TryParse(ReadOnlySpan<char> line, out ProcStat stat)
    {
        stat = default;

        // The command name (field 2) is in parentheses and may itself hold spaces and ')',
        // so the fixed fields start after the last ')'.
        var close = line.LastIndexOf(')');
        if (close < 0)
        {
            return false;
        }

        // After ')' the tokens are fields 3, 4, 5, ...: token k is field k + 3.
        const int StateToken = 0, UserToken = 11, SystemToken = 12, StartToken = 19;
        var rest = line[(close + 1)..].TrimEnd();
        char state = '\0';
        long user = 0, system = 0, start = 0;
        var token = 0;
        foreach (var range in rest.Split(' '))
        {
            var field = rest[range];
            if (field.IsEmpty)
            {
                continue;
            }

            switch (token++)
            {
                case StateToken:
                    state = field[0];
                    break;
                case UserToken when !long.TryParse(field, NumberStyles.None, CultureInfo.InvariantCulture, out user):
                case SystemToken when !long.TryParse(field, NumberStyles.None, CultureInfo.InvariantCulture, out system):
                case StartToken when !long.TryParse(field, NumberStyles.None, CultureInfo.InvariantCulture, out start):
                    return false;
            }

            if (token > StartToken)
            {
                stat = new ProcStat(state, user, system, start);
                return true;
            }
        }

        return false;
    }
}
