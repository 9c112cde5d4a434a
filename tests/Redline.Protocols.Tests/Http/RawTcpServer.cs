using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Redline.Protocols.Tests.Http;

/// <summary>
/// A TCP server on 127.0.0.1 (or another loopback address) that misbehaves on purpose, for faults
/// Kestrel will not produce: each accepted connection is handed to a behaviour, and disposal stops everything.
/// </summary>
public sealed class RawTcpServer : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _acceptLoop;

    public RawTcpServer(Func<Socket, CancellationToken, Task> behaviour, IPAddress? address = null)
    {
        _listener = new TcpListener(address ?? IPAddress.Loopback, 0);
        _listener.Start();
        var host = address?.AddressFamily == AddressFamily.InterNetworkV6 ? $"[{address}]" : (address ?? IPAddress.Loopback).ToString();
        BaseAddress = new Uri($"http://{host}:{((IPEndPoint)_listener.LocalEndpoint).Port}/");
        _acceptLoop = AcceptLoopAsync(behaviour);
    }

    public Uri BaseAddress { get; }

    /// <summary>Reads from <paramref name="socket"/> until a full request head (blank line) arrived; false when the client closed first.</summary>
    public static async Task<bool> ReadRequestHeadAsync(Socket socket, CancellationToken cancellationToken)
    {
        var received = new StringBuilder();
        var buffer = new byte[4096];
        while (!received.ToString().Contains("\r\n\r\n", StringComparison.Ordinal))
        {
            int read = await socket.ReceiveAsync(buffer, cancellationToken);
            if (read == 0)
            {
                return false;
            }

            received.Append(Encoding.ASCII.GetString(buffer, 0, read));
        }

        return true;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try
        {
            await _acceptLoop.WaitAsync(TimeSpan.FromSeconds(5));
        }
        catch (OperationCanceledException)
        {
        }
        _stop.Dispose();
    }

    private async Task AcceptLoopAsync(Func<Socket, CancellationToken, Task> behaviour)
    {
        var connections = new List<Task>();
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                var socket = await _listener.AcceptSocketAsync(_stop.Token);
                connections.Add(RunAsync(socket, behaviour));
            }
        }
        catch (Exception exception) when (exception is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // The listener was stopped.
        }
        await Task.WhenAll(connections);
    }

    private async Task RunAsync(Socket socket, Func<Socket, CancellationToken, Task> behaviour)
    {
        try
        {
            await behaviour(socket, _stop.Token);
        }
        catch (Exception exception) when (exception is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // The test ended or the client went away; either is fine for a faulty server.
        }
        finally
        {
            socket.Dispose();
        }
    }
}
