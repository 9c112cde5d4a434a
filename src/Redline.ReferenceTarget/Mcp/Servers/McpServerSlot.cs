using System.Diagnostics;

namespace Redline.ReferenceTarget.Mcp.Servers;

/// <summary>Where one of the manager's MCP servers is in its life.</summary>
internal enum McpServerState
{
    /// <summary>Started, not yet listening.</summary>
    Starting,
    /// <summary>Listening; calls are routed to it.</summary>
    Running,
    /// <summary>Exited; waiting out the back-off before it is started again.</summary>
    Restarting,
    /// <summary>The deployment is shutting down.</summary>
    Stopped,
}

/// <summary>One MCP server as the admin endpoint lists it.</summary>
internal sealed record McpServerInfo(
    int Index,
    string State,
    int? Pid,
    string? Address,
    int Restarts,
    long Requests,
    long Connections,
    double ConnectionReuse,
    double? UptimeSeconds);

/// <summary>
/// One place in the manager: the process that fills it now, the client the gateway reaches it with, and its
/// counts across restarts. The supervisor writes it; the gateway and the admin endpoint read it.
/// </summary>
internal sealed class McpServerSlot(int index) : IDisposable
{
    private readonly Lock _lock = new();
    private Process? _process;
    private HttpClient? _client;
    private Uri? _address;
    private long _startedAt;
    private long _requests;
    private long _connections;

    public int Index { get; } = index;

    public McpServerState State { get; private set; } = McpServerState.Starting;

    public int Restarts { get; private set; }

    /// <summary>Counts one call routed here.</summary>
    public void CountRequest() => Interlocked.Increment(ref _requests);

    /// <summary>Counts one connection the gateway opened to this server.</summary>
    public void CountConnection() => Interlocked.Increment(ref _connections);

    /// <summary>Forgets the request and connection counts (after the warm-up).</summary>
    public void ResetCounts()
    {
        Interlocked.Exchange(ref _requests, 0);
        Interlocked.Exchange(ref _connections, 0);
    }

    /// <summary>The gateway's client for the server while it runs; null when it does not.</summary>
    public HttpClient? Running()
    {
        lock (_lock)
        {
            return State == McpServerState.Running ? _client : null;
        }
    }

    public void MarkStarting(Process process)
    {
        lock (_lock)
        {
            _process = process;
            State = McpServerState.Starting;
        }
    }

    public void MarkRunning(Uri address, HttpClient client, long startedAt)
    {
        lock (_lock)
        {
            _address = address;
            _client = client;
            _startedAt = startedAt;
            State = McpServerState.Running;
        }
    }

    /// <summary>The server exited: it counts as a restart once it is started again.</summary>
    public void MarkExited(bool stopping)
    {
        HttpClient? client;
        lock (_lock)
        {
            client = _client;
            _client = null;
            _address = null;
            _process = null;
            if (stopping)
            {
                State = McpServerState.Stopped;
            }
            else
            {
                State = McpServerState.Restarting;
                Restarts++;
            }
        }

        client?.Dispose();
    }

    /// <summary>Kills the running server's whole process tree; its pid, or null when nothing ran.</summary>
    public int? Kill()
    {
        Process? process;
        lock (_lock)
        {
            process = _process;
        }

        if (process is null)
        {
            return null;
        }

        try
        {
            var pid = process.Id;
            process.Kill(entireProcessTree: true);
            return pid;
        }
        catch (InvalidOperationException)
        {
            // It exited on its own meanwhile.
            return null;
        }
    }

    public McpServerInfo Info(TimeProvider time)
    {
        lock (_lock)
        {
            var requests = Interlocked.Read(ref _requests);
            var connections = Interlocked.Read(ref _connections);
            int? pid = null;
            try
            {
                pid = _process?.Id;
            }
            catch (InvalidOperationException)
            {
            }

            return new McpServerInfo(
                Index,
                State.ToString().ToLowerInvariant(),
                pid,
                _address?.ToString().TrimEnd('/'),
                Restarts,
                requests,
                connections,
                requests == 0 ? 0 : Math.Round(Math.Max(0, 1 - ((double)connections / requests)), 4),
                State == McpServerState.Running ? Math.Round(time.GetElapsedTime(_startedAt).TotalSeconds, 1) : null);
        }
    }

    public void Dispose()
    {
        lock (_lock)
        {
            _client?.Dispose();
            _client = null;
        }
    }
}
