using System.Diagnostics;
using System.Net.Sockets;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Redline.ReferenceTarget.Mcp.Servers;

/// <summary>
/// The deployment's MCP manager: runs <see cref="ReferenceOptions.McpServers"/> MCP server processes, starts
/// each again when it exits (after a back-off that doubles while it keeps failing), and stops every one of them,
/// with their process trees, when the deployment stops. The deployment is ready only once all have started.
/// </summary>
internal sealed partial class McpServerManager : IHostedService, IDisposable
{
    /// <summary>How long a server may take to say where it listens.</summary>
    public static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    /// <summary>The wait before the first restart; each further quick failure doubles it, up to <see cref="MaxBackoff"/>.</summary>
    public static readonly TimeSpan FirstBackoff = TimeSpan.FromMilliseconds(250);

    /// <summary>The longest wait between restarts.</summary>
    public static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(10);

    /// <summary>A server that ran this long before it exited starts the back-off over.</summary>
    public static readonly TimeSpan StableAfter = TimeSpan.FromSeconds(10);

    private const string ListeningMarker = "listening on ";

    private readonly McpServerCommand _command;
    private readonly TimeProvider _time;
    private readonly ILogger<McpServerManager> _logger;
    private readonly McpServerSlot[] _slots;
    private readonly TaskCompletionSource[] _firstStart;
    private readonly CancellationTokenSource _stopping = new();
    private readonly List<Task> _supervisors = [];
    private int _next = -1;
    private int _disposed;

    public McpServerManager(ReferenceOptions options, TimeProvider time, ILogger<McpServerManager> logger)
    {
        _command = options.McpServerCommand ?? throw new ArgumentException("The MCP manager needs McpServerCommand.", nameof(options));
        _time = time;
        _logger = logger;
        _slots = [.. Enumerable.Range(0, options.McpServers).Select(i => new McpServerSlot(i))];
        _firstStart = [.. _slots.Select(_ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously))];
    }

    /// <summary>The servers, in order.</summary>
    public IReadOnlyList<McpServerSlot> Slots => _slots;

    /// <summary>The next running server in turn, or null when none runs.</summary>
    public McpServerSlot? Pick()
    {
        for (var tried = 0; tried < _slots.Length; tried++)
        {
            var slot = _slots[(int)((uint)Interlocked.Increment(ref _next) % (uint)_slots.Length)];
            if (slot.State == McpServerState.Running)
            {
                return slot;
            }
        }

        return null;
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var slot in _slots)
        {
            _supervisors.Add(Task.Run(() => SuperviseAsync(slot, _stopping.Token), CancellationToken.None));
        }

        // The deployment does not answer until every server has started once.
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(StartTimeout);
        try
        {
            await Task.WhenAll(_firstStart.Select(start => start.Task)).WaitAsync(timeout.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            await StopAsync(CancellationToken.None);
            throw new InvalidOperationException($"The MCP servers did not all start within {StartTimeout.TotalSeconds:0} s: {string.Join(", ", _slots.Select(s => $"server {s.Index} {s.State.ToString().ToLowerInvariant()}"))}.");
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        foreach (var slot in _slots)
        {
            slot.Kill();
        }

        try
        {
            await Task.WhenAll(_supervisors).WaitAsync(TimeSpan.FromSeconds(10), cancellationToken);
        }
        catch (TimeoutException)
        {
            LogStopTimeout(_logger);
        }
    }

    public void Dispose()
    {
        // The container disposes the manager once for each way it is registered.
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        _stopping.Cancel();
        foreach (var slot in _slots)
        {
            slot.Kill();
            slot.Dispose();
        }

        _stopping.Dispose();
    }

    private async Task SuperviseAsync(McpServerSlot slot, CancellationToken stopping)
    {
        var quickFailures = 0;
        while (!stopping.IsCancellationRequested)
        {
            var started = _time.GetTimestamp();
            await RunOnceAsync(slot, stopping);
            slot.MarkExited(stopping.IsCancellationRequested);
            if (stopping.IsCancellationRequested)
            {
                break;
            }

            quickFailures = _time.GetElapsedTime(started) >= StableAfter ? 0 : quickFailures + 1;
            var backoff = TimeSpan.FromTicks(Math.Min(MaxBackoff.Ticks, FirstBackoff.Ticks << Math.Min(quickFailures, 16)));
            LogRestart(_logger, slot.Index, backoff.TotalMilliseconds);
            try
            {
                await Task.Delay(backoff, _time, stopping);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        slot.MarkExited(stopping: true);
    }

    /// <summary>Starts the server, waits for its address, serves until it exits or the manager stops.</summary>
    private async Task RunOnceAsync(McpServerSlot slot, CancellationToken stopping)
    {
        var info = new ProcessStartInfo(_command.Program)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in _command.Arguments)
        {
            info.ArgumentList.Add(argument);
        }

        using var process = new Process { StartInfo = info };
        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            LogStartFailed(_logger, slot.Index, e.Message);
            return;
        }

        slot.MarkStarting(process);
        var stderr = ForwardAsync(process.StandardError, slot.Index);
        try
        {
            var address = await ReadAddressAsync(process.StandardOutput, stopping);
            if (address is null)
            {
                LogNoAddress(_logger, slot.Index);
                return;
            }

            var drain = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
            slot.MarkRunning(address, CreateClient(slot, address), _time.GetTimestamp());
            _firstStart[slot.Index].TrySetResult();
            await process.WaitForExitAsync(stopping);
            await drain;
        }
        catch (OperationCanceledException)
        {
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync(CancellationToken.None);
            }

            await stderr;
        }
    }

    private async Task<Uri?> ReadAddressAsync(StreamReader output, CancellationToken stopping)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        timeout.CancelAfter(StartTimeout);
        try
        {
            while (await output.ReadLineAsync(timeout.Token) is { } line)
            {
                var at = line.IndexOf(ListeningMarker, StringComparison.Ordinal);
                if (at >= 0 && Uri.TryCreate(line[(at + ListeningMarker.Length)..].Trim(), UriKind.Absolute, out var address))
                {
                    return address;
                }
            }
        }
        catch (OperationCanceledException) when (!stopping.IsCancellationRequested)
        {
        }

        return null;
    }

    private async Task ForwardAsync(StreamReader errors, int index)
    {
        while (await errors.ReadLineAsync(CancellationToken.None) is { } line)
        {
            LogServerOutput(_logger, index, line);
        }
    }

    /// <summary>The gateway's client for one server: pooled connections, each one counted as it opens.</summary>
    private static HttpClient CreateClient(McpServerSlot slot, Uri address)
    {
        var handler = new SocketsHttpHandler
        {
            UseProxy = false,
            AllowAutoRedirect = false,
            UseCookies = false,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(2),
            ConnectCallback = async (context, cancellationToken) =>
            {
                slot.CountConnection();
                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };
        return new HttpClient(handler) { BaseAddress = address, Timeout = Timeout.InfiniteTimeSpan };
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "MCP server {Index} exited; starting it again in {BackoffMs} ms")]
    private static partial void LogRestart(ILogger logger, int index, double backoffMs);

    [LoggerMessage(Level = LogLevel.Error, Message = "MCP server {Index} could not be started: {Reason}")]
    private static partial void LogStartFailed(ILogger logger, int index, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "MCP server {Index} did not say where it listens")]
    private static partial void LogNoAddress(ILogger logger, int index);

    [LoggerMessage(Level = LogLevel.Warning, Message = "MCP server {Index}: {Line}")]
    private static partial void LogServerOutput(ILogger logger, int index, string line);

    [LoggerMessage(Level = LogLevel.Warning, Message = "MCP servers did not stop within 10 s")]
    private static partial void LogStopTimeout(ILogger logger);
}
