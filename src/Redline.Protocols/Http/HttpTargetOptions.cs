namespace Redline.Protocols.Http;

/// <summary>How an <see cref="HttpTarget"/> manages its connection pool.</summary>
public sealed record HttpTargetOptions
{
    /// <summary>The defaults: no connection limit, connections live until idle.</summary>
    public static readonly HttpTargetOptions Default = new();

    /// <summary>
    /// The most connections open to the target at once. Unlimited by default, so an open-model
    /// workload is never throttled by the client when the target slows down.
    /// </summary>
    public int MaxConnectionsPerServer { get; init; } = int.MaxValue;

    /// <summary>How long a pooled connection may be reused before it is replaced; infinite by default.</summary>
    public TimeSpan PooledConnectionLifetime { get; init; } = Timeout.InfiniteTimeSpan;

    /// <summary>How long an unused pooled connection stays open.</summary>
    public TimeSpan PooledConnectionIdleTimeout { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// The longest a new connection may take to open. A connection attempt outlives the request
    /// that started it, so this bounds attempts nobody waits for any more.
    /// </summary>
    public TimeSpan ConnectTimeout { get; init; } = HttpRequestSpec.DefaultTimeout;

    /// <summary>
    /// Which HTTP client sends the requests. <see cref="HttpTransportKind.Auto"/> (the default)
    /// takes Redline's own HTTP/1.1 client for http:// targets with the default pool settings,
    /// and HttpClient for everything else.
    /// </summary>
    public HttpTransportKind Transport { get; init; } = HttpTransportKind.Auto;

    /// <summary>
    /// Local addresses new connections are bound to in turn (127.0.0.2, 127.0.0.3, ... for a
    /// loopback target), so that more connections than one address's ephemeral port range can be
    /// open at once. Empty (the default) lets the kernel choose. Only Redline's HTTP/1.1 client uses them.
    /// </summary>
    public IReadOnlyList<System.Net.IPAddress> LocalAddresses { get; init; } = [];

    /// <summary>
    /// Redline's HTTP/1.1 client over .NET's sockets rather than its own epoll loop (which runs on
    /// Linux only); for tests that hold both to the same answers.
    /// </summary>
    internal bool ManagedSockets { get; init; }

    /// <summary>Whether Redline's own HTTP/1.1 client serves <paramref name="baseAddress"/> with these options.</summary>
    internal bool UsesHttp1(Uri baseAddress) => Transport switch
    {
        HttpTransportKind.Http1 => true,
        HttpTransportKind.HttpClient => false,
        _ => baseAddress.Scheme == Uri.UriSchemeHttp
            && MaxConnectionsPerServer == int.MaxValue
            && PooledConnectionLifetime == Timeout.InfiniteTimeSpan,
    };

    /// <summary>Every problem with these options, empty when they are valid.</summary>
    internal List<string> Validate()
    {
        var problems = new List<string>();
        if (MaxConnectionsPerServer < 1)
        {
            problems.Add($"{nameof(MaxConnectionsPerServer)} must be at least 1, got {MaxConnectionsPerServer}");
        }

        if (PooledConnectionLifetime < TimeSpan.Zero && PooledConnectionLifetime != Timeout.InfiniteTimeSpan)
        {
            problems.Add($"{nameof(PooledConnectionLifetime)} must be positive or infinite, got {PooledConnectionLifetime}");
        }

        if (PooledConnectionIdleTimeout < TimeSpan.Zero && PooledConnectionIdleTimeout != Timeout.InfiniteTimeSpan)
        {
            problems.Add($"{nameof(PooledConnectionIdleTimeout)} must be positive or infinite, got {PooledConnectionIdleTimeout}");
        }

        if (ConnectTimeout <= TimeSpan.Zero && ConnectTimeout != Timeout.InfiniteTimeSpan)
        {
            problems.Add($"{nameof(ConnectTimeout)} must be positive or infinite, got {ConnectTimeout}");
        }

        if (Transport == HttpTransportKind.HttpClient && LocalAddresses.Count > 0)
        {
            problems.Add($"{nameof(LocalAddresses)} are only used by the {nameof(HttpTransportKind.Http1)} transport");
        }

        return problems;
    }

    /// <summary>Every problem with these options for a target at <paramref name="baseAddress"/>.</summary>
    internal List<string> Validate(Uri baseAddress)
    {
        var problems = Validate();
        if (Transport == HttpTransportKind.Http1 && baseAddress.IsAbsoluteUri && baseAddress.Scheme != Uri.UriSchemeHttp)
        {
            problems.Add("the http1 transport speaks plain http only; https goes through HttpClient (transport auto or httpclient)");
        }

        if (Transport == HttpTransportKind.Http1 && (MaxConnectionsPerServer != int.MaxValue || PooledConnectionLifetime != Timeout.InfiniteTimeSpan))
        {
            problems.Add($"the http1 transport has no connection limit or lifetime; {nameof(MaxConnectionsPerServer)} and {nameof(PooledConnectionLifetime)} need HttpClient");
        }

        return problems;
    }
}

/// <summary>Which HTTP client a target's requests go through.</summary>
public enum HttpTransportKind
{
    /// <summary>Redline's own HTTP/1.1 client where it serves the target, HttpClient elsewhere.</summary>
    Auto,

    /// <summary>Redline's own HTTP/1.1 client over raw sockets: plain http only.</summary>
    Http1,

    /// <summary>.NET's HttpClient (SocketsHttpHandler): https and everything else.</summary>
    HttpClient,
}
