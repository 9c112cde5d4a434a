using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Redline.Engine;
using Redline.Protocols.Http;
using Redline.Protocols.Http.Http1;

namespace Redline.Protocols.Tests.Http;

/// <summary>
/// What Redline's own HTTP/1.1 client does that the shared step tests do not reach: framing,
/// keep-alive, its options; over its own epoll loop and over .NET's sockets alike.
/// </summary>
public abstract class Http1TransportTests(bool managedSockets)
{
    private static readonly TimeSpan TestTimeout = TimeSpan.FromSeconds(10);
    private readonly HttpTargetOptions _http1 = new() { Transport = HttpTransportKind.Http1, ManagedSockets = managedSockets };

    [Fact]
    public async Task Chunked_BodyWithExtensionsAndTrailers_IsReadWholeAndCaptured()
    {
        await using var server = Serve("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nX-One: a\r\nx-one: b\r\n\r\n"
            + "5;name=value\r\nhello\r\n7\r\n, world\r\n0\r\nX-Trailer: t\r\n\r\n");
        using var target = new HttpTarget(server.BaseAddress, _http1);
        var context = StepContexts.New();
        context.Capture = new ResponseCapture();

        var first = await target.CreateStep(Get())(context, CancellationToken.None);
        var second = await target.CreateStep(Get())(StepContexts.New(1), CancellationToken.None);

        Assert.True(first.IsSuccess, first.Detail);
        Assert.Equal("hello, world", context.Capture.Body);
        Assert.Equal("a, b", context.Capture.Headers["X-One"]);
        Assert.True(second.IsSuccess, second.Detail);
        Assert.Null(second.Connect); // the chunked answer ended where the parser thought: the connection was reused
        Assert.Equal(1, server.Connections);
    }

    [Fact]
    public async Task LargeRequest_ToAServerThatReadsLate_GoesOutWhole()
    {
        // More than the kernel's socket buffers hold: the send has to wait for room, and goes on once there is.
        var spec = HttpRequestSpec.Get("/") with { Method = "POST", Body = new byte[16 * 1024 * 1024], ContentType = "application/octet-stream", Timeout = TestTimeout };
        long expected = long.MaxValue, received = 0;
        await using var server = new CountingServer(async (socket, stop) =>
        {
            await Task.Delay(300, stop);
            var buffer = new byte[64 * 1024];
            while (received < expected)
            {
                var read = await socket.ReceiveAsync(buffer, stop);
                if (read == 0)
                {
                    return;
                }

                received += read;
            }

            await socket.SendAsync("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n"u8.ToArray(), stop);
            await Task.Delay(Timeout.Infinite, stop);
        });
        expected = PreparedHttpRequest.Create(server.BaseAddress, spec).Http1Bytes.Length;
        using var target = new HttpTarget(server.BaseAddress, _http1);

        var outcome = await target.CreateStep(spec)(StepContexts.New(), CancellationToken.None).AsTask().WaitAsync(TestTimeout);

        Assert.True(outcome.IsSuccess, outcome.Detail);
        Assert.Equal(expected, received);
    }

    [Fact]
    public async Task HostName_EveryAddressIsTriedInTurn()
    {
        // localhost names ::1 and 127.0.0.1; the server listens on the second only, wherever the resolver puts it.
        await using var server = Serve("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
        using var target = new HttpTarget(new Uri($"http://localhost:{server.BaseAddress.Port}/"), _http1);

        var outcome = await target.CreateStep(Get())(StepContexts.New(), CancellationToken.None).AsTask().WaitAsync(TestTimeout);

        Assert.True(outcome.IsSuccess, outcome.Detail);
        Assert.Equal(1, server.Connections);
    }

    [Fact]
    public async Task Ipv6Loopback_IsConnectedAndAnswered()
    {
        var answer = Encoding.ASCII.GetBytes("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
        await using var server = new RawTcpServer(async (socket, stop) =>
        {
            while (await RawTcpServer.ReadRequestHeadAsync(socket, stop))
            {
                await socket.SendAsync(answer, stop);
            }
        }, IPAddress.IPv6Loopback);
        using var target = new HttpTarget(server.BaseAddress, _http1);

        var first = await target.CreateStep(Get())(StepContexts.New(), CancellationToken.None).AsTask().WaitAsync(TestTimeout);
        var second = await target.CreateStep(Get())(StepContexts.New(1), CancellationToken.None).AsTask().WaitAsync(TestTimeout);

        Assert.True(first.IsSuccess, first.Detail);
        Assert.NotNull(first.Connect);
        Assert.True(second.IsSuccess, second.Detail);
        Assert.Null(second.Connect);
    }

    [Fact]
    public async Task CallerStop_WhileTheAnswerIsAwaited_EndsTheRequestAtOnce()
    {
        await using var server = new CountingServer(async (socket, stop) =>
        {
            await RawTcpServer.ReadRequestHeadAsync(socket, stop);
            await Task.Delay(Timeout.Infinite, stop);
        });
        using var target = new HttpTarget(server.BaseAddress, _http1);
        using var stop = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        var watch = Stopwatch.StartNew();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => target.CreateStep(Get())(StepContexts.New(), stop.Token).AsTask().WaitAsync(TestTimeout));

        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), $"ended after {watch.Elapsed}");
    }

    [Fact]
    public void Sockets_AreTheEpollLoopsOnLinux_AndDotNetsWhenAsked()
    {
        using var own = Http1Socket.Create(null, managed: false);
        using var dotnet = Http1Socket.Create(null, managed: true);

        Assert.IsType(OperatingSystem.IsLinux() ? typeof(EpollSocket) : typeof(ManagedHttp1Socket), own);
        Assert.IsType<ManagedHttp1Socket>(dotnet);
    }

    [Fact]
    public async Task ContentLength_BodyInPieces_IsReadToTheEnd()
    {
        await using var server = new CountingServer(async (socket, stop) =>
        {
            await RawTcpServer.ReadRequestHeadAsync(socket, stop);
            await socket.SendAsync(Encoding.ASCII.GetBytes("HTTP/1.1 200 OK\r\nContent-Length: 10000\r\n\r\n"), stop);
            for (var i = 0; i < 4; i++)
            {
                await Task.Delay(100, stop);
                await socket.SendAsync(new byte[2500], stop);
            }

            await Task.Delay(Timeout.Infinite, stop);
        });
        using var target = new HttpTarget(server.BaseAddress, _http1);

        var watch = Stopwatch.StartNew();
        var outcome = await target.CreateStep(Get())(StepContexts.New(), CancellationToken.None);

        Assert.True(outcome.IsSuccess, outcome.Detail);
        Assert.True(watch.Elapsed - outcome.TimeToFirstByte!.Value >= TimeSpan.FromMilliseconds(300), $"{watch.Elapsed} after a first byte at {outcome.TimeToFirstByte}");
    }

    [Fact]
    public async Task InterimContinue_IsSkippedForTheFinalAnswer()
    {
        await using var server = Serve("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 201 Created\r\nContent-Length: 2\r\n\r\nok");
        using var target = new HttpTarget(server.BaseAddress, _http1);

        var outcome = await target.CreateStep(Get())(StepContexts.New(), CancellationToken.None);

        Assert.True(outcome.IsSuccess, outcome.Detail);
        Assert.Equal(201, outcome.StatusCode);
    }

    [Fact]
    public async Task Http10WithoutLength_BodyRunsToClose_AndTheNextRequestConnectsAgain()
    {
        await using var server = new CountingServer(async (socket, stop) =>
        {
            await RawTcpServer.ReadRequestHeadAsync(socket, stop);
            await socket.SendAsync(Encoding.ASCII.GetBytes("HTTP/1.0 200 OK\r\n\r\nall of it"), stop);
            socket.Shutdown(SocketShutdown.Both);
        });
        using var target = new HttpTarget(server.BaseAddress, _http1);
        var context = StepContexts.New();
        context.Capture = new ResponseCapture();

        var first = await target.CreateStep(Get())(context, CancellationToken.None);
        var second = await target.CreateStep(Get())(StepContexts.New(1), CancellationToken.None);

        Assert.True(first.IsSuccess, first.Detail);
        Assert.Equal("all of it", context.Capture.Body);
        Assert.True(second.IsSuccess, second.Detail);
        Assert.NotNull(second.Connect);
        Assert.Equal(2, server.Connections);
    }

    [Fact]
    public async Task ConnectionClose_IsHonoured()
    {
        await using var server = Serve("HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 0\r\n\r\n");
        using var target = new HttpTarget(server.BaseAddress, _http1);

        var first = await target.CreateStep(Get())(StepContexts.New(), CancellationToken.None);
        var second = await target.CreateStep(Get())(StepContexts.New(1), CancellationToken.None);

        Assert.True(first.IsSuccess && second.IsSuccess, $"{first.Detail} {second.Detail}");
        Assert.NotNull(second.Connect);
        Assert.Equal(2, server.Connections);
    }

    [Fact]
    public async Task KeptAliveConnectionClosedWhileIdle_IsRetriedOnANewOne()
    {
        // Answers one request per connection, then closes it without saying so.
        await using var server = new CountingServer(async (socket, stop) =>
        {
            await RawTcpServer.ReadRequestHeadAsync(socket, stop);
            await socket.SendAsync(Encoding.ASCII.GetBytes("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"), stop);
            await Task.Delay(50, stop);
            socket.Shutdown(SocketShutdown.Both);
        });
        using var target = new HttpTarget(server.BaseAddress, _http1);

        var first = await target.CreateStep(Get())(StepContexts.New(), CancellationToken.None);
        await Task.Delay(300);
        var second = await target.CreateStep(Get())(StepContexts.New(1), CancellationToken.None);

        Assert.True(first.IsSuccess, first.Detail);
        Assert.True(second.IsSuccess, second.Detail);
        Assert.NotNull(second.Connect);
        Assert.Equal(2, server.Connections);
    }

    [Fact]
    public async Task HeadAnswer_HasNoBodyWhateverItsLength()
    {
        await using var server = Serve("HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n");
        using var target = new HttpTarget(server.BaseAddress, _http1);

        var outcome = await target.CreateStep(Get() with { Method = "HEAD" })(StepContexts.New(), CancellationToken.None)
            .AsTask().WaitAsync(TestTimeout);

        Assert.True(outcome.IsSuccess, outcome.Detail);
    }

    [Fact]
    public async Task HeaderSectionOver64KB_IsProtocol()
    {
        await using var server = Serve("HTTP/1.1 200 OK\r\nX-Long: " + new string('a', 70_000) + "\r\nContent-Length: 0\r\n\r\n");
        using var target = new HttpTarget(server.BaseAddress, _http1);

        var outcome = await target.CreateStep(Get())(StepContexts.New(), CancellationToken.None);

        Assert.Equal(ErrorKind.Protocol, outcome.Error);
        Assert.Contains("64 KB", outcome.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\nabc", "Content-Length")]
    [InlineData("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", "chunk size")]
    [InlineData("HTTP/1.1 2x0 OK\r\n\r\n", "status line")]
    [InlineData("HTTP/1.1 200 OK\r\nno colon here\r\n\r\n", "header line")]
    public async Task MalformedAnswer_IsProtocolNamingWhat(string answer, string named)
    {
        await using var server = Serve(answer);
        using var target = new HttpTarget(server.BaseAddress, _http1);

        var outcome = await target.CreateStep(Get())(StepContexts.New(), CancellationToken.None);

        Assert.Equal(ErrorKind.Protocol, outcome.Error);
        Assert.Contains(named, outcome.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TimeoutInTheBody_IsTimeout_AndTheConnectionIsNotReused()
    {
        var answered = 0;
        await using var server = new CountingServer(async (socket, stop) =>
        {
            while (await RawTcpServer.ReadRequestHeadAsync(socket, stop))
            {
                var body = Interlocked.Increment(ref answered) == 1 ? "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nab" : "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok";
                await socket.SendAsync(Encoding.ASCII.GetBytes(body), stop);
            }
        });
        using var target = new HttpTarget(server.BaseAddress, _http1);

        var slow = await target.CreateStep(Get() with { Timeout = TimeSpan.FromMilliseconds(200) })(StepContexts.New(), CancellationToken.None);
        var next = await target.CreateStep(Get())(StepContexts.New(1), CancellationToken.None);

        Assert.Equal(ErrorKind.Timeout, slow.Error);
        Assert.Equal(200, slow.StatusCode);
        Assert.True(next.IsSuccess, next.Detail);
        Assert.NotNull(next.Connect);
    }

    [Fact]
    public async Task LocalAddresses_BindNewConnectionsInTurn()
    {
        var peers = new ConcurrentBag<IPAddress>();
        await using var server = new CountingServer(async (socket, stop) =>
        {
            peers.Add(((IPEndPoint)socket.RemoteEndPoint!).Address);
            await RawTcpServer.ReadRequestHeadAsync(socket, stop);
            await socket.SendAsync(Encoding.ASCII.GetBytes("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n"), stop);
            await Task.Delay(Timeout.Infinite, stop);
        });
        var options = _http1 with { LocalAddresses = [IPAddress.Parse("127.0.0.2"), IPAddress.Parse("127.0.0.3")] };
        using var target = new HttpTarget(server.BaseAddress, options);
        var step = target.CreateStep(Get());

        // Two at once: two connections, one from each address.
        var outcomes = await Task.WhenAll(step(StepContexts.New(0), CancellationToken.None).AsTask(), step(StepContexts.New(1), CancellationToken.None).AsTask());

        Assert.All(outcomes, o => Assert.True(o.IsSuccess, o.Detail));
        Assert.Equal(["127.0.0.2", "127.0.0.3"], peers.Select(p => p.ToString()).Order());
    }

    [Fact]
    public void Http1Bytes_AreTheRequestAsHttp11PutsIt()
    {
        var spec = new HttpRequestSpec("POST", "/orders?x=1", new Dictionary<string, string> { ["X-A"] = "1" }, Encoding.UTF8.GetBytes("{}"), "application/json", null, TestTimeout);

        var prepared = PreparedHttpRequest.Create(new Uri("http://127.0.0.1:8080/api"), spec);

        Assert.Equal("POST /api/orders?x=1 HTTP/1.1\r\nHost: 127.0.0.1:8080\r\nX-A: 1\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}",
            Encoding.UTF8.GetString(prepared.Http1Bytes));
        Assert.Equal("GET / HTTP/1.1\r\nHost: localhost\r\n\r\n",
            Encoding.UTF8.GetString(PreparedHttpRequest.Create(new Uri("http://localhost"), HttpRequestSpec.Get("/")).Http1Bytes));
    }

    [Fact]
    public void Auto_TakesHttp1ForHttpAndHttpClientForHttpsOrPoolLimits()
    {
        using var plain = new HttpTarget(new Uri("http://127.0.0.1:1/"));
        using var secure = new HttpTarget(new Uri("https://127.0.0.1:1/"));
        using var limited = new HttpTarget(new Uri("http://127.0.0.1:1/"), new HttpTargetOptions { MaxConnectionsPerServer = 4 });

        Assert.Equal(HttpTransportKind.Http1, plain.Transport);
        Assert.Equal(HttpTransportKind.HttpClient, secure.Transport);
        Assert.Equal(HttpTransportKind.HttpClient, limited.Transport);
    }

    [Fact]
    public void Http1_ForHttpsOrWithAPoolLimit_IsRefusedNamingWhy()
    {
        var https = Assert.Throws<ArgumentException>(() => new HttpTarget(new Uri("https://127.0.0.1:1/"), _http1));
        var limited = Assert.Throws<ArgumentException>(() => new HttpTarget(new Uri("http://127.0.0.1:1/"), _http1 with { MaxConnectionsPerServer = 2 }));

        Assert.Contains("plain http only", https.Message, StringComparison.Ordinal);
        Assert.Contains("MaxConnectionsPerServer", limited.Message, StringComparison.Ordinal);
    }

    private static HttpRequestSpec Get() => HttpRequestSpec.Get("/") with { Timeout = TestTimeout };

    /// <summary>A server that answers every request on every connection with <paramref name="answer"/>.</summary>
    private static CountingServer Serve(string answer) => new(async (socket, stop) =>
    {
        var bytes = Encoding.ASCII.GetBytes(answer);
        while (await RawTcpServer.ReadRequestHeadAsync(socket, stop))
        {
            await socket.SendAsync(bytes, stop);
        }
    });

    /// <summary>A <see cref="RawTcpServer"/> that counts the connections it accepted.</summary>
    private sealed class CountingServer : IAsyncDisposable
    {
        private readonly RawTcpServer _server;
        private int _connections;

        public CountingServer(Func<Socket, CancellationToken, Task> behaviour) =>
            _server = new RawTcpServer((socket, stop) =>
            {
                Interlocked.Increment(ref _connections);
                return behaviour(socket, stop);
            });

        public Uri BaseAddress => _server.BaseAddress;

        public int Connections => Volatile.Read(ref _connections);

        public ValueTask DisposeAsync() => _server.DisposeAsync();
    }
}

/// <summary>The client over its own epoll loop (Linux), or .NET's sockets where there is none.</summary>
public sealed class Http1EpollTransportTests() : Http1TransportTests(managedSockets: false);

/// <summary>The client over .NET's sockets.</summary>
public sealed class Http1ManagedSocketsTransportTests() : Http1TransportTests(managedSockets: true);
