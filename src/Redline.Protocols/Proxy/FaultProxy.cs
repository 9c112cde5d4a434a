using System.Buffers;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Threading.Channels;
using HdrHistogram;
using Redline.Engine;

namespace Redline.Protocols.Proxy;

/// <summary>Which way a network fault acts: on what the client sends (up), on what the upstream answers (down), or both.</summary>
public enum FaultDirection
{
    /// <summary>Client to upstream.</summary>
    Up,
    /// <summary>Upstream to client.</summary>
    Down,
    /// <summary>Both ways.</summary>
    Both,
}

/// <summary>A fault a <see cref="FaultProxy"/> applies to the bytes it forwards.</summary>
public sealed record NetworkFault
{
    /// <summary>Added to every chunk in <see cref="Direction"/>, counted from when the proxy read it.</summary>
    public TimeSpan Latency { get; init; }

    /// <summary>Each chunk's latency varies uniformly by up to this much either way (seeded).</summary>
    public TimeSpan Jitter { get; init; }

    /// <summary>The most bytes per second forwarded in <see cref="Direction"/>; null for no limit.</summary>
    public double? BytesPerSecond { get; init; }

    /// <summary>
    /// The share (0 to 1) of new connections, and of requests on open ones (each chunk a client sends),
    /// that get their connection reset: a kept-open HTTP connection sees it too.
    /// </summary>
    public double ResetShare { get; init; }

    /// <summary>Accept connections and read what is sent, but forward nothing: the upstream seems to hang.</summary>
    public bool BlackHole { get; init; }

    /// <summary>Which way latency and bandwidth act.</summary>
    public FaultDirection Direction { get; init; } = FaultDirection.Down;

    internal bool Acts(bool up) => Direction == FaultDirection.Both || (Direction == FaultDirection.Up) == up;
}

/// <summary>What a proxy did since the last <see cref="FaultProxy.TakeStats"/>.</summary>
/// <param name="Connections">Connections accepted.</param>
/// <param name="Resets">Connections reset by the fault, new ones and open ones at a request.</param>
/// <param name="ResetChances">New connections and requests that met a reset fault: what <paramref name="Resets"/> is a share of.</param>
/// <param name="BytesUp">Bytes forwarded from clients to the upstream.</param>
/// <param name="BytesDown">Bytes forwarded from the upstream to clients.</param>
/// <param name="HeldChunks">Chunks held by latency or bandwidth.</param>
/// <param name="HeldMs">How long they were held, from read to written: the latency the fault achieved.</param>
public sealed record ProxyStats(long Connections, long Resets, long ResetChances, long BytesUp, long BytesDown, long HeldChunks, LatencyStats HeldMs);

/// <summary>
/// A TCP proxy on loopback that forwards to an upstream and, when told, makes its network worse:
/// latency with jitter (timed from when each chunk was read, so queued chunks do not add up, and
/// met by sleeping short then spinning to the deadline), a bandwidth limit (one link per direction
/// shared by all connections, as a real link is), connection resets, or a black hole. With no fault a chunk is written by the thread that read it, without a queue.
/// It never drops bytes it forwards.
/// </summary>
public sealed class FaultProxy : IAsyncDisposable
{
    private const int ChunkSize = 64 * 1024;

    /// <summary>Timers fire up to a couple of milliseconds late: sleep to this much short of the deadline, then spin.</summary>
    private static readonly TimeSpan SpinMargin = TimeSpan.FromMilliseconds(2);

    private readonly Socket _listener;
    private readonly Func<AddressFamily, Socket> _upstreamSocket;
    private readonly EndPoint _upstream;
    private readonly CancellationTokenSource _stop = new();
    private readonly Lock _statsLock = new();
    private readonly LongHistogram _held = Histograms.Create();
    private readonly List<Socket> _open = [];
    private readonly long[] _linkFree = new long[2];
    private readonly Random _random;
    private NetworkFault? _fault;
    private Task _accepting = Task.CompletedTask;
    private long _connections;
    private long _resets;
    private long _resetChances;
    private long _bytesUp;
    private long _bytesDown;

    private FaultProxy(Socket listener, EndPoint upstream, int seed, Func<AddressFamily, Socket>? upstreamSocket)
    {
        _listener = listener;
        _upstream = upstream;
        _random = new Random(seed);
        _upstreamSocket = upstreamSocket ?? (family => new Socket(family, SocketType.Stream, ProtocolType.Tcp));
    }

    /// <summary>Where clients connect.</summary>
    public IPEndPoint Address => (IPEndPoint)_listener.LocalEndPoint!;

    /// <summary>The fault now applied; null for none.</summary>
    public NetworkFault? Fault => Volatile.Read(ref _fault);

    /// <summary>
    /// Starts a proxy on <paramref name="listen"/> (port 0 for any free one) that forwards to <paramref name="upstream"/>;
    /// <paramref name="upstreamSocket"/>, when given, makes the sockets it connects upstream with (in another network
    /// namespace, say).
    /// </summary>
    public static FaultProxy Start(IPEndPoint listen, EndPoint upstream, int seed = 1, Func<AddressFamily, Socket>? upstreamSocket = null)
    {
        ArgumentNullException.ThrowIfNull(listen);
        ArgumentNullException.ThrowIfNull(upstream);
        var listener = new Socket(listen.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            listener.Bind(listen);
            listener.Listen(512);
        }
        catch
        {
            listener.Dispose();
            throw;
        }

        var proxy = new FaultProxy(listener, upstream, seed, upstreamSocket);
        proxy._accepting = Task.Run(proxy.AcceptAsync);
        return proxy;
    }

    /// <summary>Applies <paramref name="fault"/> to every chunk read from now on (null ends the fault).</summary>
    public void Set(NetworkFault? fault) => Volatile.Write(ref _fault, fault);

    /// <summary>What the proxy did since the last call, and starts counting afresh.</summary>
    public ProxyStats TakeStats()
    {
        lock (_statsLock)
        {
            var stats = new ProxyStats(
                Interlocked.Exchange(ref _connections, 0),
                Interlocked.Exchange(ref _resets, 0),
                Interlocked.Exchange(ref _resetChances, 0),
                Interlocked.Exchange(ref _bytesUp, 0),
                Interlocked.Exchange(ref _bytesDown, 0),
                _held.TotalCount,
                LatencyStats.From(_held));
            _held.Reset();
            return stats;
        }
    }

    /// <summary>Stops accepting, closes every connection and waits for the accept loop to end.</summary>
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        _listener.Dispose();
        lock (_open)
        {
            foreach (var socket in _open)
            {
                socket.Dispose();
            }

            _open.Clear();
        }

        await _accepting.ConfigureAwait(false);
        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _listener.AcceptAsync(_stop.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }

            Interlocked.Increment(ref _connections);
            _ = Task.Run(() => ServeAsync(client));
        }
    }

    private async Task ServeAsync(Socket client)
    {
        client.NoDelay = true;
        if (RollReset(Fault))
        {
            Reset(client);
            return;
        }

        Socket upstream;
        try
        {
            upstream = _upstreamSocket(_upstream.AddressFamily);
            upstream.NoDelay = true;
        }
        catch (Exception e) when (e is SocketException or IOException or InvalidOperationException)
        {
            client.Dispose();
            return;
        }

        using var owned = upstream;
        Track(client, true);
        Track(upstream, true);
        try
        {
            await upstream.ConnectAsync(_upstream, _stop.Token).ConfigureAwait(false);
            using var done = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
            var up = PumpAsync(client, upstream, true, done.Token);
            var down = PumpAsync(upstream, client, false, done.Token);
            await Task.WhenAny(up, down).ConfigureAwait(false);
            await done.CancelAsync().ConfigureAwait(false);
            await Task.WhenAll(up, down).ConfigureAwait(false);
        }
        catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
        {
            // The connection ended, one way or another: both sides are closed below.
        }
        finally
        {
            Track(client, false);
            Track(upstream, false);
            client.Dispose();
        }
    }

    /// <summary>
    /// Reads from <paramref name="from"/> and writes to <paramref name="to"/> until either side closes.
    /// A chunk the fault acts on goes through a queue to a writer that holds it until its due time; any
    /// other chunk is written at once, unless chunks are still queued ahead of it.
    /// </summary>
    private async Task PumpAsync(Socket from, Socket to, bool up, CancellationToken token)
    {
        var queue = Channel.CreateBounded<Chunk>(new BoundedChannelOptions(64) { SingleReader = true, SingleWriter = true });
        var pending = 0;
        var writer = WriteQueuedAsync(queue.Reader, to, up, () => Interlocked.Decrement(ref pending), token);
        try
        {
            while (true)
            {
                var buffer = ArrayPool<byte>.Shared.Rent(ChunkSize);
                int read;
                try
                {
                    read = await from.ReceiveAsync(buffer, SocketFlags.None, token).ConfigureAwait(false);
                }
                catch
                {
                    ArrayPool<byte>.Shared.Return(buffer);
                    throw;
                }

                var at = Stopwatch.GetTimestamp();
                if (read == 0)
                {
                    ArrayPool<byte>.Shared.Return(buffer);
                    break;
                }

                var fault = Fault;
                if (up && RollReset(fault))
                {
                    ArrayPool<byte>.Shared.Return(buffer);
                    Reset(from);
                    return;
                }

                if (fault is { BlackHole: true })
                {
                    ArrayPool<byte>.Shared.Return(buffer);
                    continue;
                }

                if (Volatile.Read(ref pending) == 0 && (fault is null || !fault.Acts(up) || (fault.Latency <= TimeSpan.Zero && fault.BytesPerSecond is null)))
                {
                    try
                    {
                        await SendAllAsync(to, buffer.AsMemory(0, read), token).ConfigureAwait(false);
                        Count(up, read);
                    }
                    finally
                    {
                        ArrayPool<byte>.Shared.Return(buffer);
                    }

                    continue;
                }

                Interlocked.Increment(ref pending);
                await queue.Writer.WriteAsync(new Chunk(buffer, read, at, at + Delay(fault), fault?.BytesPerSecond), token).ConfigureAwait(false);
            }
        }
        finally
        {
            queue.Writer.TryComplete();
            await writer.ConfigureAwait(false);
            try
            {
                to.Shutdown(SocketShutdown.Send);
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
                // The other side is gone already.
            }
        }
    }

    private async Task WriteQueuedAsync(ChannelReader<Chunk> queue, Socket to, bool up, Action written, CancellationToken token)
    {
        try
        {
            await foreach (var chunk in queue.ReadAllAsync(token).ConfigureAwait(false))
            {
                try
                {
                    await DelayUntilAsync(chunk.Due, token).ConfigureAwait(false);
                    if (chunk.BytesPerSecond is { } rate)
                    {
                        await DelayUntilAsync(Transmitted(up, chunk.Length, rate), token).ConfigureAwait(false);
                    }

                    // Held from its read to the start of its write: recorded first, so the count is complete once the answer is out.
                    Record(chunk.ReadAt);
                    await SendAllAsync(to, chunk.Buffer.AsMemory(0, chunk.Length), token).ConfigureAwait(false);
                    Count(up, chunk.Length);
                }
                finally
                {
                    ArrayPool<byte>.Shared.Return(chunk.Buffer);
                    written();
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
        {
            while (queue.TryRead(out var left))
            {
                ArrayPool<byte>.Shared.Return(left.Buffer);
            }
        }
    }

    /// <summary>
    /// When a chunk of <paramref name="bytes"/> has crossed the limited link of its direction: the link is
    /// shared by every connection through the proxy, sends one chunk after another at <paramref name="rate"/>
    /// bytes a second, and is idle until the next chunk comes.
    /// </summary>
    private long Transmitted(bool up, int bytes, double rate)
    {
        var index = up ? 0 : 1;
        lock (_linkFree)
        {
            var done = Math.Max(Stopwatch.GetTimestamp(), _linkFree[index]) + (long)(bytes / rate * Stopwatch.Frequency);
            _linkFree[index] = done;
            return done;
        }
    }

    /// <summary>Whether a reset fault strikes this connection or request (seeded); counts the chance and the reset.</summary>
    private bool RollReset(NetworkFault? fault)
    {
        if (fault is not { ResetShare: > 0 })
        {
            return false;
        }

        Interlocked.Increment(ref _resetChances);
        bool reset;
        lock (_random)
        {
            reset = _random.NextDouble() < fault.ResetShare;
        }

        if (reset)
        {
            Interlocked.Increment(ref _resets);
        }

        return reset;
    }

    /// <summary>Closes <paramref name="socket"/> with a TCP reset (no linger), as a peer that went away does.</summary>
    private static void Reset(Socket socket)
    {
        try
        {
            socket.LingerState = new LingerOption(true, 0);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            // Already gone: nothing to reset.
        }

        socket.Dispose();
    }

    private long Delay(NetworkFault? fault)
    {
        if (fault is null || fault.Latency <= TimeSpan.Zero)
        {
            return 0;
        }

        double jitter;
        lock (_random)
        {
            jitter = fault.Jitter.TotalSeconds * ((_random.NextDouble() * 2) - 1);
        }

        return (long)(Math.Max(fault.Latency.TotalSeconds + jitter, 0) * Stopwatch.Frequency);
    }

    /// <summary>Sleeps to a little short of <paramref name="due"/> (a Stopwatch timestamp), then spins to it.</summary>
    private static async ValueTask DelayUntilAsync(long due, CancellationToken token)
    {
        var remaining = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), due);
        if (remaining > SpinMargin)
        {
            await Task.Delay(remaining - SpinMargin, token).ConfigureAwait(false);
        }

        var spin = new SpinWait();
        while (Stopwatch.GetTimestamp() < due)
        {
            spin.SpinOnce(sleep1Threshold: -1);
        }
    }

    private static async ValueTask SendAllAsync(Socket to, ReadOnlyMemory<byte> data, CancellationToken token)
    {
        while (!data.IsEmpty)
        {
            var sent = await to.SendAsync(data, SocketFlags.None, token).ConfigureAwait(false);
            data = data[sent..];
        }
    }

    private void Count(bool up, int bytes)
    {
        if (up)
        {
            Interlocked.Add(ref _bytesUp, bytes);
        }
        else
        {
            Interlocked.Add(ref _bytesDown, bytes);
        }
    }

    private void Record(long readAt)
    {
        var heldMicros = Stopwatch.GetElapsedTime(readAt).Ticks / 10;
        lock (_statsLock)
        {
            Histograms.RecordMicros(_held, heldMicros);
        }
    }

    private void Track(Socket socket, bool open)
    {
        lock (_open)
        {
            if (open)
            {
                _open.Add(socket);
            }
            else
            {
                _open.Remove(socket);
            }
        }
    }

    private readonly record struct Chunk(byte[] Buffer, int Length, long ReadAt, long Due, double? BytesPerSecond);
}
