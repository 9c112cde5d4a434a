using System.Text.RegularExpressions;

namespace Redline.Engine;

/// <summary>
/// How a failed request failed. A failure is data: every class is counted, none is thrown.
/// Open-ended: the classes named here are the ones every protocol shares; a protocol names its
/// own with <see cref="Named"/> (an MCP step's <c>mcp_tool_error</c>, say), and results files
/// count it under that name.
/// </summary>
public readonly partial struct ErrorKind : IEquatable<ErrorKind>
{
    private static readonly Lock RegistryLock = new();
    private static readonly Dictionary<string, int> Ids = new(StringComparer.Ordinal);
    private static string[] _names = [];

    private readonly int _id;

    private ErrorKind(int id) => _id = id;

    /// <summary>The request succeeded (the default value).</summary>
    public static readonly ErrorKind None = Named("none");

    /// <summary>No complete answer within the step's timeout.</summary>
    public static readonly ErrorKind Timeout = Named("timeout");

    /// <summary>The target refused the connection (nothing listens on the port).</summary>
    public static readonly ErrorKind ConnectionRefused = Named("connection_refused");

    /// <summary>The connection was reset or closed before the answer was complete.</summary>
    public static readonly ErrorKind ConnectionReset = Named("connection_reset");

    /// <summary>The host name could not be resolved.</summary>
    public static readonly ErrorKind Dns = Named("dns");

    /// <summary>The TLS handshake failed.</summary>
    public static readonly ErrorKind Tls = Named("tls");

    /// <summary>The target answered with a 4xx status the step did not expect.</summary>
    public static readonly ErrorKind Http4xx = Named("http_4xx");

    /// <summary>The target answered with a 5xx status the step did not expect.</summary>
    public static readonly ErrorKind Http5xx = Named("http_5xx");

    /// <summary>The answer broke the protocol (malformed response, unexpected status class).</summary>
    public static readonly ErrorKind Protocol = Named("protocol");

    /// <summary>
    /// The load generator itself could not send the request: it ran out of file descriptors,
    /// local ports or buffers. Not the target's error: such a request is not counted as one (nor
    /// in the error rate or the latencies), and any makes the run's numbers untrustworthy and fails it.
    /// </summary>
    public static readonly ErrorKind Generator = Named("generator");

    /// <summary>Anything else, including an exception thrown by a user's step.</summary>
    public static readonly ErrorKind Other = Named("other");

    /// <summary>The class's name as results files spell it.</summary>
    public string Name => Volatile.Read(ref _names)[_id];

    /// <summary>A small dense number for this class, for counting in arrays; stable within a process only.</summary>
    internal int Id => _id;

    /// <summary>How many classes exist so far in this process (the highest <see cref="Id"/> plus one).</summary>
    internal static int Count => Volatile.Read(ref _names).Length;

    /// <summary>The class named <paramref name="name"/> (snake_case), the same value every time it is asked for.</summary>
    /// <exception cref="ArgumentException">The name is not snake_case.</exception>
    public static ErrorKind Named(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (!SnakeCase().IsMatch(name))
        {
            throw new ArgumentException($"An error class is named in snake_case (a-z, 0-9, _), got '{name}'.", nameof(name));
        }

        lock (RegistryLock)
        {
            if (!Ids.TryGetValue(name, out var id))
            {
                id = _names.Length;
                Ids[name] = id;
                Volatile.Write(ref _names, [.. _names, name]);
            }

            return new ErrorKind(id);
        }
    }

    /// <summary>The class with <see cref="Id"/> <paramref name="id"/>.</summary>
    internal static ErrorKind FromId(int id) => new(id);

    /// <inheritdoc />
    public bool Equals(ErrorKind other) => _id == other._id;

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is ErrorKind other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => _id;

    /// <inheritdoc />
    public override string ToString() => Name;

    /// <summary>Same class.</summary>
    public static bool operator ==(ErrorKind left, ErrorKind right) => left.Equals(right);

    /// <summary>Different classes.</summary>
    public static bool operator !=(ErrorKind left, ErrorKind right) => !left.Equals(right);

    [GeneratedRegex("^[a-z][a-z0-9_]{0,63}$")]
    private static partial Regex SnakeCase();
}

/// <summary>Names of error classes as they appear in results files.</summary>
public static class ErrorKindNames
{
    /// <summary>The snake_case name of <paramref name="kind"/> used in results.json.</summary>
    public static string ToName(this ErrorKind kind) => kind.Name;
}
