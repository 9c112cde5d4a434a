using System.Reflection;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace Redline.Protocols.Mcp;

/// <summary>
/// One MCP server for the length of a run: opens its sessions (over one shared HTTP connection pool,
/// or each over its own server process for stdio, up to the process cap, then handing out the open
/// ones to share), remembers which protocol revision it speaks, and closes every session it opened
/// (stopping every process it started) when disposed.
/// </summary>
public sealed class McpServer : IAsyncDisposable
{
    private static readonly Implementation ClientInfo = new()
    {
        Name = "redline",
        Version = typeof(McpServer).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0",
    };

    private readonly McpServerSpec _spec;
    private readonly Uri? _endpoint;
    private readonly HttpClient? _http;
    private readonly Lock _lock = new();
    private readonly List<McpClient> _open = [];
    private int _processes;
    private int _nextShared;
    private bool _disposed;

    /// <summary>A server as <paramref name="spec"/> describes it; a relative endpoint resolves against <paramref name="baseUrl"/>.</summary>
    /// <exception cref="ArgumentException">The spec names an HTTP endpoint that is not an absolute http(s) address once resolved.</exception>
    public McpServer(McpServerSpec spec, Uri? baseUrl)
    {
        ArgumentNullException.ThrowIfNull(spec);
        _spec = spec;
        if (!spec.IsStdio)
        {
            _endpoint = ResolveEndpoint(spec.Endpoint ?? "", baseUrl)
                ?? throw new ArgumentException($"The MCP endpoint '{spec.Endpoint}' is not an http(s) address{(baseUrl is null ? " and there is no target.base_url to resolve it against" : $" relative to {baseUrl}")}.", nameof(spec));

            // No proxy, no redirects, no cookies: as the HTTP step, the load goes straight to the server.
            _http = new HttpClient(new SocketsHttpHandler { UseProxy = false, AllowAutoRedirect = false, UseCookies = false, MaxConnectionsPerServer = 1024 })
            {
                Timeout = Timeout.InfiniteTimeSpan,
            };
        }
    }

    /// <summary>Tells this server's sessions apart from other servers' in a user's state.</summary>
    public string Id { get; } = Guid.NewGuid().ToString("N");

    /// <summary>Where the server answers: its endpoint, or its command line.</summary>
    public string Address => _endpoint?.ToString() ?? $"{_spec.Command} {string.Join(' ', _spec.Args)}".TrimEnd();

    /// <summary>The revision the first session agreed on, once one was opened.</summary>
    public string? Protocol { get; private set; }

    /// <summary>How many server processes were started (stdio).</summary>
    public int ProcessesStarted => Volatile.Read(ref _processes);

    /// <summary>Opens a new session of its own (a new process for stdio), which the caller closes.</summary>
    public async Task<McpClient> ConnectAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        IClientTransport transport = _spec.IsStdio
            ? new StdioClientTransport(new StdioClientTransportOptions
            {
                Command = _spec.Command!,
                Arguments = [.. _spec.Args],
                EnvironmentVariables = _spec.Env.ToDictionary(e => e.Key, e => (string?)e.Value),
                WorkingDirectory = _spec.WorkingDirectory,
                Name = "redline-mcp",
                ShutdownTimeout = TimeSpan.FromSeconds(2),
            })
            : new HttpClientTransport(new HttpClientTransportOptions { Endpoint = _endpoint!, TransportMode = HttpTransportMode.StreamableHttp, Name = "redline-mcp" }, _http!, ownsHttpClient: false);
        if (_spec.IsStdio)
        {
            Interlocked.Increment(ref _processes);
        }

        var options = new McpClientOptions
        {
            ClientInfo = ClientInfo,
            ProtocolVersion = _spec.Protocol == McpServerSpec.Auto ? null : _spec.Protocol,
        };
        var client = await McpClient.CreateAsync(transport, options, loggerFactory: null, cancellationToken).ConfigureAwait(false);
        Protocol ??= client.NegotiatedProtocolVersion;
        return client;
    }

    /// <summary>
    /// A session for one user: a new one of its own (the caller's lease closes it), or, once a stdio
    /// server has as many processes as its cap, one already open that the user shares.
    /// </summary>
    public async Task<McpLease> LeaseAsync(CancellationToken cancellationToken)
    {
        McpClient? shared = null;
        lock (_lock)
        {
            if (_spec.IsStdio && _open.Count >= _spec.Processes)
            {
                shared = _open[_nextShared++ % _open.Count];
            }
        }

        if (shared is not null)
        {
            return new McpLease(shared, null);
        }

        var client = await ConnectAsync(cancellationToken).ConfigureAwait(false);
        lock (_lock)
        {
            _open.Add(client);
        }

        return new McpLease(client, this);
    }

    /// <summary>Closes every session still open, stopping their processes.</summary>
    public async ValueTask DisposeAsync()
    {
        McpClient[] open;
        lock (_lock)
        {
            _disposed = true;
            open = [.. _open];
            _open.Clear();
        }

        foreach (var client in open)
        {
            await CloseQuietlyAsync(client).ConfigureAwait(false);
        }

        _http?.Dispose();
    }

    /// <summary>Closes a session a lease owned, unless the server already closed it.</summary>
    internal async ValueTask ReleaseAsync(McpClient client)
    {
        bool owned;
        lock (_lock)
        {
            owned = _open.Remove(client);
        }

        if (owned)
        {
            await CloseQuietlyAsync(client).ConfigureAwait(false);
        }
    }

    /// <summary>Closes <paramref name="client"/>: its HTTP session is deleted, its stdio process stopped.</summary>
    internal static async ValueTask CloseQuietlyAsync(McpClient client)
    {
        try
        {
            await client.DisposeAsync().ConfigureAwait(false);
        }
#pragma warning disable CA1031 // A session that fails to close at the end must not fail the run.
        catch (Exception)
#pragma warning restore CA1031
        {
        }
    }

    /// <summary>The absolute address of <paramref name="endpoint"/>: a full http(s) URL, or a path appended to <paramref name="baseUrl"/>'s; null when it is neither.</summary>
    public static Uri? ResolveEndpoint(string endpoint, Uri? baseUrl)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        if (!endpoint.StartsWith('/'))
        {
            return Uri.TryCreate(endpoint, UriKind.Absolute, out var absolute) && absolute.Scheme is "http" or "https" ? absolute : null;
        }

        if (baseUrl is null)
        {
            return null;
        }

        return Uri.TryCreate(baseUrl.GetLeftPart(UriPartial.Path).TrimEnd('/') + endpoint, UriKind.Absolute, out var joined) ? joined : null;
    }
}

/// <summary>A user's session: closed when the user's state is disposed if the user opened it, left open if it is shared.</summary>
public sealed class McpLease : IAsyncDisposable
{
    private readonly McpServer? _owner;

    internal McpLease(McpClient client, McpServer? owner)
    {
        Client = client;
        _owner = owner;
    }

    /// <summary>The session.</summary>
    public McpClient Client { get; }

    /// <summary>True when the lease opened the session (a handshake was made), false when it shares one.</summary>
    public bool Opened => _owner is not null;

    /// <inheritdoc/>
    public ValueTask DisposeAsync() => _owner?.ReleaseAsync(Client) ?? ValueTask.CompletedTask;
}
