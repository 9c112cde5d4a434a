using System.Globalization;
using System.Net;

namespace Redline.Dashboard;

/// <summary>Where the dashboard listens: an IP address and a port (0 picks a free one).</summary>
/// <param name="Address">The address to bind.</param>
/// <param name="Port">The port; 0 lets the system pick one.</param>
public sealed record DashboardAddress(IPAddress Address, int Port)
{
    /// <summary>The default, as k6's dashboard uses it but on loopback only: 127.0.0.1:5665.</summary>
    public static readonly DashboardAddress Default = new(IPAddress.Loopback, 5665);

    /// <summary>True for 127.0.0.0/8 and ::1: only this machine can reach it.</summary>
    public bool IsLoopback => IPAddress.IsLoopback(Address);

    /// <summary>
    /// Parses <c>HOST:PORT</c>, <c>:PORT</c> (loopback), <c>PORT</c>, <c>[V6]:PORT</c> or <c>HOST</c> (port 5665), HOST being
    /// an IP address or <c>localhost</c>; null with the reason in <paramref name="error"/> otherwise.
    /// </summary>
    public static DashboardAddress? TryParse(string? text, out string? error)
    {
        error = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            return Default;
        }

        text = text.Trim();
        string host;
        string? port;
        if (text.StartsWith('['))
        {
            var close = text.IndexOf(']', StringComparison.Ordinal);
            if (close < 0)
            {
                error = $"'{text}' opens an IPv6 address with '[' but never closes it";
                return null;
            }

            host = text[1..close];
            port = text[(close + 1)..] is { Length: > 1 } rest && rest[0] == ':' ? rest[1..] : null;
        }
        else if (text.Count(c => c == ':') == 1)
        {
            var colon = text.IndexOf(':', StringComparison.Ordinal);
            (host, port) = (text[..colon], text[(colon + 1)..]);
        }
        else if (text.All(char.IsAsciiDigit))
        {
            (host, port) = ("", text);
        }
        else
        {
            (host, port) = (text, null);
        }

        IPAddress? address = host.Length == 0 || host.Equals("localhost", StringComparison.OrdinalIgnoreCase) ? IPAddress.Loopback
            : IPAddress.TryParse(host, out var parsed) ? parsed : null;
        if (address is null)
        {
            error = $"'{host}' is not an IP address or localhost (write e.g. 127.0.0.1:5665, :5665 or [::1]:5665)";
            return null;
        }

        var number = 5665;
        if (port is not null && (!int.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out number) || number > 65535))
        {
            error = $"'{port}' is not a port (0 to 65535)";
            return null;
        }

        return new DashboardAddress(address, number);
    }

    /// <inheritdoc />
    public override string ToString() => Address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{Address}]:{Port}" : $"{Address}:{Port}";
}
