using System.Diagnostics;
using System.Text;
using Redline.Protocols.Http;

namespace Redline.Protocols.Tests.Http;

/// <summary>The HTTP step's behaviour, run against Redline's own HTTP/1.1 client and HttpClient alike.</summary>
public abstract class HttpTargetTests(KestrelFixture server, HttpTransportKind transport, bool managedSockets = false) : IClassFixture<KestrelFixture>
{
    private static readonly TimeSpan TestTimeout = TimeSpan.FromSeconds(10);

    /// <summary>A target on <paramref name="address"/> (the fixture by default) through this class's transport.</summary>
    protected HttpTarget NewTarget(Uri? address = null, HttpTargetOptions? options = null) =>
        new(address ?? server.BaseAddress, (options ?? HttpTargetOptions.Default) with { Transport = transport, ManagedSockets = managedSockets });

    [Fact]
    public void Constructor_TransportIsTheOneAsked()
    {
        using var target = NewTarget();

        Assert.Equal(transport, target.Transport);
        Assert.Equal(transport == HttpTransportKind.Http1 ? "http1" : "httpclient", target.TransportName);
    }

    [Fact]
    public async Task CreateStep_Get200_SucceedsWithTimings()
    {
        using var target = NewTarget();
        var step = target.CreateStep(HttpRequestSpec.Get("/ok") with { Timeout = TestTimeout });

        var outcome = await step(StepContexts.New(), CancellationToken.None);

        Assert.True(outcome.IsSuccess, outcome.Detail);
        Assert.Equal(200, outcome.StatusCode);
        Assert.NotNull(outcome.Connect);
        Assert.True(outcome.Connect > TimeSpan.Zero);
        Assert.NotNull(outcome.TimeToFirstByte);
        Assert.True(outcome.TimeToFirstByte > TimeSpan.Zero);
        Assert.True(outcome.TimeToFirstByte >= outcome.Connect, "TTFB is timed from the send, connect included");
    }

    [Fact]
    public async Task CreateStep_SecondRequestOnSameTarget_ReusesConnection()
    {
        using var target = NewTarget();
        var first = target.CreateStep(HttpRequestSpec.Get("/ok") with { Timeout = TestTimeout });
        var second = target.CreateStep(HttpRequestSpec.Get("/missing") with { Timeout = TestTimeout });

        var opened = await first(StepContexts.New(0), CancellationToken.None);
        var reusedBySameStep = await first(StepContexts.New(1), CancellationToken.None);
        var reusedByOtherStep = await second(StepContexts.New(2), CancellationToken.None);

        Assert.NotNull(opened.Connect);
        Assert.True(reusedBySameStep.IsSuccess, reusedBySameStep.Detail);
        Assert.Null(reusedBySameStep.Connect);
        Assert.NotNull(reusedBySameStep.TimeToFirstByte);
        Assert.Equal(404, reusedByOtherStep.StatusCode);
        Assert.Null(reusedByOtherStep.Connect);
    }

    [Fact]
    public async Task CreateStep_PostWithJsonBodyAndHeader_ArrivesIntact()
    {
        string testId = Guid.NewGuid().ToString("N");
        const string Json = """{"name":"redline","count":3,"text":"ünïcödé"}""";
        var spec = new HttpRequestSpec(
            "POST",
            "echo",
            new Dictionary<string, string> { ["X-Test-Id"] = testId, ["X-Custom"] = "custom value" },
            Encoding.UTF8.GetBytes(Json),
            "application/json",
            new HashSet<int> { 200 },
            TestTimeout);
        using var target = NewTarget();

        var outcome = await target.CreateStep(spec)(StepContexts.New(), CancellationToken.None);

        Assert.True(outcome.IsSuccess, outcome.Detail);
        var seen = Assert.Contains(testId, (IDictionary<string, EchoRecord>)server.Echoes);
        Assert.Equal("POST", seen.Method);
        Assert.Equal(Json, seen.Body);
        Assert.Equal("application/json", seen.ContentType);
        Assert.Equal("custom value", seen.CustomHeader);
    }

    [Fact]
    public async Task CreateStep_SlowBody_ReadsWholeBodyAfterFirstByte()
    {
        using var target = NewTarget();
        var step = target.CreateStep(HttpRequestSpec.Get("/slow-body") with { Timeout = TestTimeout });

        long start = Stopwatch.GetTimestamp();
        var outcome = await step(StepContexts.New(), CancellationToken.None);
        var total = Stopwatch.GetElapsedTime(start);

        // The server flushes its headers, waits 400 ms, then sends the body: a step that returns
        // before the body arrived would finish well within 200 ms of its first byte.
        Assert.True(outcome.IsSuccess, outcome.Detail);
        Assert.NotNull(outcome.TimeToFirstByte);
        Assert.True(total - outcome.TimeToFirstByte.Value >= TimeSpan.FromMilliseconds(200),
            $"total {total.TotalMilliseconds} ms, TTFB {outcome.TimeToFirstByte.Value.TotalMilliseconds} ms");
    }

    [Fact]
    public async Task CreateStep_ConcurrentSteps_OpenNoMoreConnectionsThanWereInFlight()
    {
        string testId = Guid.NewGuid().ToString("N");
        var headers = new Dictionary<string, string> { ["X-Test-Id"] = testId };
        var spec = HttpRequestSpec.Get("/conn") with { Headers = headers, Timeout = TestTimeout };
        using var target = NewTarget();
        var step = target.CreateStep(spec);

        // Four users, ten requests each, one after another: four connections, reused.
        var outcomes = await Task.WhenAll(Enumerable.Range(0, 4).Select(async user =>
        {
            var mine = new List<Redline.Engine.Outcome>();
            for (var i = 0; i < 10; i++)
            {
                mine.Add(await step(StepContexts.New(user * 10 + i), CancellationToken.None));
            }

            return mine;
        }));

        var all = outcomes.SelectMany(o => o).ToList();
        Assert.All(all, o => Assert.True(o.IsSuccess, o.Detail));
        int connections = server.Connections[testId].Distinct().Count();
        Assert.InRange(connections, 1, 4);
        Assert.InRange(all.Count(o => o.Connect is not null), 1, connections);
    }

    [Fact]
    public async Task Step_CallerCancels_ThrowsOperationCanceled()
    {
        await using var silent = new RawTcpServer(async (socket, stop) =>
        {
            await RawTcpServer.ReadRequestHeadAsync(socket, stop);
            await Task.Delay(Timeout.Infinite, stop);
        });
        using var target = NewTarget(silent.BaseAddress);
        var step = target.CreateStep(HttpRequestSpec.Get("/") with { Timeout = TestTimeout });
        using var caller = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        var watch = Stopwatch.StartNew();
        var thrown = await Assert.ThrowsAnyAsync<OperationCanceledException>(
            async () => await step(StepContexts.New(), caller.Token));

        Assert.Equal(caller.Token, thrown.CancellationToken);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), $"took {watch.Elapsed}");
    }

    [Fact]
    public async Task Step_AfterDispose_ThrowsObjectDisposed()
    {
        var target = NewTarget();
        var step = target.CreateStep(HttpRequestSpec.Get("/ok"));
        await target.DisposeAsync();

        await Assert.ThrowsAsync<ObjectDisposedException>(async () => await step(StepContexts.New(), CancellationToken.None));
    }

    [Fact]
    public void Constructor_InvalidOptions_ListsEveryProblem()
    {
        var options = new HttpTargetOptions { MaxConnectionsPerServer = 0, ConnectTimeout = TimeSpan.Zero };

        var error = Assert.Throws<ArgumentException>(() => new HttpTarget(new Uri("ftp://example.invalid/"), options));

        Assert.Contains("MaxConnectionsPerServer", error.Message, StringComparison.Ordinal);
        Assert.Contains("ConnectTimeout", error.Message, StringComparison.Ordinal);
        Assert.Contains("scheme 'ftp'", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http://example.invalid/?q=1")]
    [InlineData("http://example.invalid/#top")]
    public void Constructor_AddressWithQueryOrFragment_Throws(string address)
    {
        var error = Assert.Throws<ArgumentException>(() => new HttpTarget(new Uri(address)));

        Assert.Contains("must not have a query or fragment", error.Message, StringComparison.Ordinal);
    }
}

/// <summary>The step through Redline's own HTTP/1.1 client, over its epoll loop on Linux.</summary>
public sealed class Http1TargetTests(KestrelFixture server) : HttpTargetTests(server, HttpTransportKind.Http1);

/// <summary>The step through Redline's own HTTP/1.1 client over .NET's sockets.</summary>
public sealed class Http1ManagedSocketsTargetTests(KestrelFixture server) : HttpTargetTests(server, HttpTransportKind.Http1, managedSockets: true);

/// <summary>The step through HttpClient, and what only HttpClient does.</summary>
public sealed class HttpClientTargetTests(KestrelFixture server) : HttpTargetTests(server, HttpTransportKind.HttpClient)
{
    private readonly KestrelFixture _server = server;

    [Fact]
    public async Task CreateStep_ConcurrentStepsOnOneTarget_ShareOneLimitedPool()
    {
        string testId = Guid.NewGuid().ToString("N");
        var headers = new Dictionary<string, string> { ["X-Test-Id"] = testId };
        var spec = HttpRequestSpec.Get("/conn") with { Headers = headers, Timeout = TimeSpan.FromSeconds(10) };
        using var target = NewTarget(options: new HttpTargetOptions { MaxConnectionsPerServer = 3 });
        var a = target.CreateStep(spec);
        var b = target.CreateStep(spec);

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 40)
            .Select(i => (i % 2 == 0 ? a : b)(StepContexts.New(i), CancellationToken.None).AsTask()));

        Assert.All(outcomes, o => Assert.True(o.IsSuccess, o.Detail));
        int connections = _server.Connections[testId].Distinct().Count();
        Assert.InRange(connections, 1, 3);
        // Each connection is attributed to at most the one request that opened it.
        Assert.InRange(outcomes.Count(o => o.Connect is not null), 1, connections);
    }
}
