using System.Globalization;
using System.Net;
using Redline.Engine;

namespace Redline.Cli.Running;

/// <summary>
/// What a run's connections need from the machine, said before any load is sent: every iteration
/// in flight holds a connection, so the most users (closed model) or <c>max_concurrency</c> (open
/// model) of a scenario must fit under the open-file limit, and, to one target address, under
/// the ephemeral port range of each local address. A loopback target is reached from several
/// local addresses (127.0.0.1, 127.0.0.2, ...) when one address's ports are too few.
/// </summary>
internal static class ConnectionBudget
{
    /// <summary>Descriptors a run keeps open beside its connections: results files, the history store, the monitor, the runtime's own.</summary>
    public const int Reserve = 128;

    /// <summary>Set to 1, the run goes past the machine's limits anyway; what then fails is counted as the generator's, and fails the run.</summary>
    public const string IgnoreVariable = "REDLINE_IGNORE_LIMITS";

    /// <summary>The most local loopback addresses a run spreads its connections over.</summary>
    public const int MaxLoopbackSources = 64;

    /// <summary>What the machine allows this process.</summary>
    /// <param name="OpenFiles">The open-file limit in force (soft; the runtime raises it to the hard limit at start).</param>
    /// <param name="OpenFilesHard">The hard limit, what the soft one may be raised to without privileges.</param>
    /// <param name="OpenNow">Descriptors open now.</param>
    /// <param name="PortLow">The ephemeral port range's first port.</param>
    /// <param name="PortHigh">Its last port.</param>
    public sealed record Limits(long OpenFiles, long OpenFilesHard, int OpenNow, int PortLow, int PortHigh)
    {
        /// <summary>Ports one local address can use towards one target address and port.</summary>
        public int Ports => PortHigh - PortLow + 1;
    }

    /// <summary>One scenario's peak of connections, and how that is described.</summary>
    public sealed record Need(string Scenario, int Connections, string What);

    /// <summary>The limits of this process on Linux; null where they cannot be read.</summary>
    public static Limits? Read()
    {
        try
        {
            var limits = File.ReadAllLines("/proc/self/limits").FirstOrDefault(l => l.StartsWith("Max open files", StringComparison.Ordinal));
            var range = File.ReadAllText("/proc/sys/net/ipv4/ip_local_port_range").Split((char[])[' ', '\t', '\n'], StringSplitOptions.RemoveEmptyEntries);
            if (limits is null || range.Length != 2)
            {
                return null;
            }

            var fields = limits["Max open files".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            return new Limits(
                ParseLimit(fields[0]),
                ParseLimit(fields[1]),
                Directory.GetFiles("/proc/self/fd").Length,
                int.Parse(range[0], CultureInfo.InvariantCulture),
                int.Parse(range[1], CultureInfo.InvariantCulture));
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            return null;
        }
    }

    /// <summary>The peak connections of <paramref name="load"/> (already scaled): users or <c>max_concurrency</c>.</summary>
    public static Need Of(string scenario, LoadProfile load) => load switch
    {
        ClosedLoad closed => new Need(scenario, closed.Users.MaxUsers, Invariant($"{closed.Users.MaxUsers:N0} users")),
        OpenLoad open => new Need(scenario, open.MaxConcurrency, Invariant($"max_concurrency {open.MaxConcurrency:N0}")),
        _ => new Need(scenario, 0, "nothing"),
    };

    /// <summary>
    /// The local addresses to spread connections over (empty: the kernel's choice is enough), or
    /// the reason the run cannot be made on this machine, with the limit named and how to raise it.
    /// </summary>
    public static (IReadOnlyList<IPAddress> Sources, string? Refusal) Check(IReadOnlyList<Need> needs, Uri? target, Limits? limits)
    {
        ArgumentNullException.ThrowIfNull(needs);
        if (limits is null || needs.Count == 0)
        {
            return ([], null);
        }

        var peak = needs.MaxBy(n => n.Connections)!;
        var available = limits.OpenFiles - limits.OpenNow - Reserve;
        if (peak.Connections > available)
        {
            var raise = limits.OpenFilesHard > limits.OpenFiles
                ? Invariant($"raise it with `ulimit -n {limits.OpenFilesHard}` (the hard limit) in the shell that runs redline")
                : Invariant($"raise it as root, e.g. `ulimit -Hn {NextPowerOfTen(peak.Connections + limits.OpenNow + Reserve)}` then `ulimit -n` the same, or LimitNOFILE= for a service, nofile in /etc/security/limits.conf for a login");
            return ([], Invariant($"scenario '{peak.Scenario}' needs up to {peak.Connections:N0} connections at once ({peak.What}), but this process may open {limits.OpenFiles:N0} files (the open-file limit, `ulimit -n`), {limits.OpenNow:N0} of them open already and {Reserve} kept for the run's own files: {available:N0} left for connections. Run fewer, or {raise}; no load was sent"));
        }

        var sources = (peak.Connections + limits.Ports - 1) / limits.Ports;
        if (sources <= 1)
        {
            return ([], null);
        }

        var range = Invariant($"the ephemeral port range ({limits.PortLow}-{limits.PortHigh}, {limits.Ports:N0} ports, net.ipv4.ip_local_port_range)");
        if (target is null || !IPAddress.TryParse(target.IdnHost, out var address) || !IPAddress.IsLoopback(address) || address.AddressFamily != System.Net.Sockets.AddressFamily.InterNetwork)
        {
            return ([], Invariant($"scenario '{peak.Scenario}' needs up to {peak.Connections:N0} connections at once ({peak.What}) to one address, more than {range} allows from one local address. Widen the range as root, e.g. `sysctl -w net.ipv4.ip_local_port_range=\"1024 65535\"`, or run fewer; a target on 127.0.0.1 is reached from several loopback addresses instead. No load was sent"));
        }

        if (sources > MaxLoopbackSources)
        {
            return ([], Invariant($"scenario '{peak.Scenario}' needs up to {peak.Connections:N0} connections at once ({peak.What}): more than {MaxLoopbackSources} loopback addresses times {range}. Run fewer; no load was sent"));
        }

        return ([.. Enumerable.Range(1, sources).Select(i => new IPAddress([127, 0, 0, (byte)i]))], null);
    }

    private static long ParseLimit(string text) => text == "unlimited" ? long.MaxValue : long.Parse(text, CultureInfo.InvariantCulture);

    private static long NextPowerOfTen(long value)
    {
        long power = 10;
        while (power < value)
        {
            power *= 10;
        }

        return power;
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
