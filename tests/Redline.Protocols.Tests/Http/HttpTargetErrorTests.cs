using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Redline.Engine;
using Redline.Protocols.Http;

namespace Redline.Protocols.Tests.Http;

/// <summary>Every error class produced for real: a real server, a real closed port, a real reset.</summary>
public abstract class HttpTargetErrorTests(KestrelFixture server, HttpTransportKind transport, bool managedSockets = false) : IClassFixture<KestrelFixture>
{
    private static readonly TimeSpan TestTimeout = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Step_201WhenOnly200Expected_IsProtocolWithStatus()
    {
        var spec = HttpRequestSpec.Get("/created") with { ExpectStatus = new HashSet<int> { 200 }, Timeout = TestTimeout };

        var outcome = await SendAsync(server.BaseAddress, spec);

        Assert.Equal(ErrorKind.Protocol, outcome.Error);
        Assert.Equal(201, outcome.StatusCode);
        Assert.Equal("HTTP 201, expected 200", outcome.Detail);
        Assert.NotNull(outcome.TimeToFirstByte);
    }

    [Fact]
    public async Task Step_201WhenItIsExpected_Succeeds()
    {
        var spec = HttpRequestSpec.Get("/created") with { ExpectStatus = new HashSet<int> { 200, 201 }, Timeout = TestTimeout };

        var outcome = await SendAsync(server.BaseAddress, spec);

        Assert.True(outcome.IsSuccess, outcome.Detail);
        Assert.Equal(201, outcome.StatusCode);
    }

    [Fact]
    public async Task Step_404_IsHttp4xx()
    {
        var outcome = await SendAsync(server.BaseAddress, HttpRequestSpec.Get("/missing") with { Timeout = TestTimeout });

        Assert.Equal(ErrorKind.Http4xx, outcome.Error);
        Assert.Equal(404, outcome.StatusCode);
        Assert.Equal("HTTP 404", outcome.Detail);
    }

    [Fact]
    public async Task Step_500_IsHttp5xx()
    {
        var outcome = await SendAsync(server.BaseAddress, HttpRequestSpec.Get("/fail") with { Timeout = TestTimeout });

        Assert.Equal(ErrorKind.Http5xx, outcome.Error);
        Assert.Equal(500, outcome.StatusCode);
        Assert.Equal("HTTP 500", outcome.Detail);
    }

    [Fact]
    public async Task Step_ClosedPort_IsConnectionRefused()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();

        var outcome = await SendAsync(new Uri($"http://127.0.0.1:{port}/"), HttpRequestSpec.Get("/") with { Timeout = TestTimeout });

        Assert.Equal(ErrorKind.ConnectionRefused, outcome.Error);
        Assert.Equal(0, outcome.StatusCode);
        Assert.Equal($"connect to 127.0.0.1:{port} refused", outcome.Detail);
        Assert.Null(outcome.Connect);
    }

    [Fact]
    public async Task Step_ServerResetsAfterRequest_IsConnectionReset()
    {
        await using var resetter = new RawTcpServer(async (socket, stop) =>
        {
            await RawTcpServer.ReadRequestHeadAsync(socket, stop);
            // Linger 0 turns the close into an RST instead of a FIN.
            socket.LingerState = new LingerOption(true, 0);
            socket.Close();
        });

        var outcome = await SendAsync(resetter.BaseAddress, HttpRequestSpec.Get("/") with { Timeout = TestTimeout });

        Assert.Equal(ErrorKind.ConnectionReset, outcome.Error);
        Assert.NotNull(outcome.Detail);
    }

    [Fact]
    public async Task Step_ServerNeverAnswers_IsTimeoutWithinBound()
    {
        await using var silent = new RawTcpServer(async (socket, stop) =>
        {
            await RawTcpServer.ReadRequestHeadAsync(socket, stop);
            await Task.Delay(Timeout.Infinite, stop);
        });
        var spec = HttpRequestSpec.Get("/") with { Timeout = TimeSpan.FromMilliseconds(300) };

        var watch = Stopwatch.StartNew();
        var outcome = await SendAsync(silent.BaseAddress, spec);

        Assert.Equal(ErrorKind.Timeout, outcome.Error);
        Assert.Equal("no complete answer within 300 ms", outcome.Detail);
        Assert.InRange(watch.Elapsed, TimeSpan.FromMilliseconds(250), TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task Step_UnresolvableHost_IsDns()
    {
        var outcome = await SendAsync(new Uri("http://redline-test.invalid:8080/"), HttpRequestSpec.Get("/") with { Timeout = TestTimeout });

        Assert.Equal(ErrorKind.Dns, outcome.Error);
        Assert.Equal("cannot resolve redline-test.invalid", outcome.Detail);
    }

    [Fact]
    public async Task Step_GarbageResponse_IsProtocol()
    {
        await using var garbage = new RawTcpServer(async (socket, stop) =>
        {
            await RawTcpServer.ReadRequestHeadAsync(socket, stop);
            await socket.SendAsync(Encoding.ASCII.GetBytes("HELLO\r\n\r\n"), stop);
            socket.Shutdown(SocketShutdown.Both);
        });

        var outcome = await SendAsync(garbage.BaseAddress, HttpRequestSpec.Get("/") with { Timeout = TestTimeout });

        Assert.Equal(ErrorKind.Protocol, outcome.Error);
        Assert.Contains("HELLO", outcome.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Step_BodyCutShort_IsConnectionResetWithStatus()
    {
        await using var truncating = new RawTcpServer(async (socket, stop) =>
        {
            await RawTcpServer.ReadRequestHeadAsync(socket, stop);
            await socket.SendAsync(Encoding.ASCII.GetBytes("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nabc"), stop);
            socket.Shutdown(SocketShutdown.Both);
        });

        var outcome = await SendAsync(truncating.BaseAddress, HttpRequestSpec.Get("/") with { Timeout = TestTimeout });

        Assert.Equal(ErrorKind.ConnectionReset, outcome.Error);
        Assert.Equal(200, outcome.StatusCode);
        Assert.NotNull(outcome.TimeToFirstByte);
    }

    [Fact]
    public async Task Step_HttpsToPlainTextServer_IsTls()
    {
        await using var plain = new RawTcpServer(async (socket, stop) =>
        {
            // Answers the TLS ClientHello with plain HTTP, as a server on the wrong port would.
            await socket.ReceiveAsync(new byte[4096], stop);
            await socket.SendAsync(Encoding.ASCII.GetBytes("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n"), stop);
            socket.Shutdown(SocketShutdown.Both);
        });
        var https = new UriBuilder(plain.BaseAddress) { Scheme = Uri.UriSchemeHttps }.Uri;

        var outcome = await SendAsync(https, HttpRequestSpec.Get("/") with { Timeout = TestTimeout });

        Assert.Equal(ErrorKind.Tls, outcome.Error);
        Assert.Equal(0, outcome.StatusCode);
    }

    private async Task<Outcome> SendAsync(Uri baseAddress, HttpRequestSpec spec)
    {
        // https always goes through HttpClient: the class's transport where it can serve the address.
        var options = new HttpTargetOptions
        {
            Transport = baseAddress.Scheme == Uri.UriSchemeHttps ? HttpTransportKind.Auto : transport,
            ManagedSockets = managedSockets,
        };
        using var target = new HttpTarget(baseAddress, options);
        return await target.CreateStep(spec)(StepContexts.New(), CancellationToken.None)
            .AsTask().WaitAsync(TimeSpan.FromSeconds(20));
    }
}

/// <summary>The error classes through Redline's own HTTP/1.1 client, over its epoll loop on Linux.</summary>
public sealed class Http1TargetErrorTests(KestrelFixture server) : HttpTargetErrorTests(server, HttpTransportKind.Http1);

/// <summary>The error classes through Redline's own HTTP/1.1 client over .NET's sockets.</summary>
public sealed class Http1ManagedSocketsTargetErrorTests(KestrelFixture server) : HttpTargetErrorTests(server, HttpTransportKind.Http1, managedSockets: true);

/// <summary>The error classes through HttpClient.</summary>
public sealed class HttpClientTargetErrorTests(KestrelFixture server) : HttpTargetErrorTests(server, HttpTransportKind.HttpClient);
