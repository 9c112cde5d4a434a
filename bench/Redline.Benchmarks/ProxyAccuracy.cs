using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Redline.Protocols.Proxy;

namespace Redline.Benchmarks;

/// <summary>
/// The fault proxy's cost and accuracy on loopback: round trips of 64 bytes to a socket server that
/// answers each with 64 bytes, over one kept-open connection, straight and through the proxy, first
/// with no fault (the proxy's own overhead) and then with each asked latency (what was added,
/// against what was asked). Each configuration's runs are interleaved with the straight ones, so that
/// the machine's drift falls on both.
/// </summary>
internal static class ProxyAccuracy
{
    public static async Task<int> RunAsync(string[] args)
    {
        var rounds = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 2000;
        using var server = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        server.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        server.Listen(16);
        using var stop = new CancellationTokenSource();
        var serving = ServeAsync(server, stop.Token);
        await using var proxy = FaultProxy.Start(new IPEndPoint(IPAddress.Loopback, 0), server.LocalEndPoint!);

        Console.WriteLine("what                       rounds   straight p50/p99 ms   proxied p50/p99 ms   added p50/p99 ms");
        foreach (var (name, fault, count) in new (string, NetworkFault?, int)[]
        {
            ("no fault", null, rounds),
            ("latency +10ms", new NetworkFault { Latency = TimeSpan.FromMilliseconds(10) }, Math.Max(rounds / 4, 100)),
            ("latency +100ms", new NetworkFault { Latency = TimeSpan.FromMilliseconds(100) }, Math.Max(rounds / 20, 50)),
        })
        {
            proxy.Set(fault);
            var straight = new List<double>();
            var proxied = new List<double>();
            using (var direct = await ConnectAsync((IPEndPoint)server.LocalEndPoint!))
            using (var through = await ConnectAsync(proxy.Address))
            {
                for (var i = 0; i < count; i++)
                {
                    straight.Add(await RoundTripAsync(direct));
                    proxied.Add(await RoundTripAsync(through));
                }
            }

            straight.Sort();
            proxied.Sort();
            var (s50, s99, p50, p99) = (At(straight, 0.5), At(straight, 0.99), At(proxied, 0.5), At(proxied, 0.99));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name,-26} {count,6}   {s50,8:0.000} / {s99,-8:0.000}   {p50,8:0.000} / {p99,-8:0.000}   {p50 - s50,8:0.000} / {p99 - s99,-8:0.000}"));
        }

        await stop.CancelAsync();
        server.Close();
        await serving;
        return 0;
    }

    private static double At(List<double> sorted, double quantile) => sorted[Math.Min(sorted.Count - 1, (int)(quantile * sorted.Count))];

    private static async Task<Socket> ConnectAsync(IPEndPoint at)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await socket.ConnectAsync(at);
        return socket;
    }

    private static async Task<double> RoundTripAsync(Socket socket)
    {
        var buffer = new byte[64];
        var start = Stopwatch.GetTimestamp();
        await socket.SendAsync(buffer, SocketFlags.None);
        var got = 0;
        while (got < buffer.Length)
        {
            var read = await socket.ReceiveAsync(buffer.AsMemory(got), SocketFlags.None);
            if (read == 0)
            {
                throw new IOException("the server closed the connection");
            }

            got += read;
        }

        return Stopwatch.GetElapsedTime(start).TotalMilliseconds;
    }

    private static async Task ServeAsync(Socket server, CancellationToken stop)
    {
        var connections = new List<Task>();
        try
        {
            while (!stop.IsCancellationRequested)
            {
                var client = await server.AcceptAsync(stop);
                connections.Add(EchoAsync(client, stop));
            }
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // Stopped.
        }

        await Task.WhenAll(connections);
    }

    private static async Task EchoAsync(Socket client, CancellationToken stop)
    {
        using (client)
        {
            client.NoDelay = true;
            var buffer = new byte[64];
            try
            {
                while (true)
                {
                    var read = await client.ReceiveAsync(buffer, SocketFlags.None, stop);
                    if (read == 0)
                    {
                        return;
                    }

                    await client.SendAsync(buffer.AsMemory(0, read), SocketFlags.None, stop);
                }
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException)
            {
                // The run is over.
            }
        }
    }
}
