using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Redline.Protocols.Proxy;
using Redline.Testing.Servers;

namespace Redline.Protocols.Tests.Proxy;

/// <summary>The fault proxy between a real HttpClient and a real Kestrel server on loopback, with asked faults measured.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class FaultProxyCollection
{
    public const string Name = "fault proxy timing";
}

[Collection(FaultProxyCollection.Name)]
public sealed class FaultProxyTests : IAsyncLifetime
{
    private static readonly byte[] Megabytes = RandomNumberGenerator.GetBytes(2 * 1024 * 1024);
    private WebApplication? _app;
    private FaultProxy? _proxy;
    private HttpClient? _client;

    private FaultProxy Proxy => _proxy!;

    private HttpClient Client => _client!;

    public async Task InitializeAsync()
    {
        _app = LoopbackServer.Create();
        _app.MapGet("/", () => "ok");
        _app.MapGet("/big", () => Results.Bytes(Megabytes, "application/octet-stream"));
        await _app.StartAsync();
        var upstream = LoopbackServer.AddressOf(_app);
        _proxy = FaultProxy.Start(new IPEndPoint(IPAddress.Loopback, 0), new IPEndPoint(IPAddress.Loopback, upstream.Port));
        _client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{_proxy.Address.Port}/"), Timeout = TimeSpan.FromSeconds(10) };
    }

    public async Task DisposeAsync()
    {
        _client?.Dispose();
        if (_proxy is not null)
        {
            await _proxy.DisposeAsync();
        }

        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }

    [Fact]
    public async Task NoFault_ForwardsEveryByteUnchanged()
    {
        var body = await Client.GetByteArrayAsync(new Uri("big", UriKind.Relative));

        Assert.Equal(SHA256.HashData(Megabytes), SHA256.HashData(body));
        var stats = Proxy.TakeStats();
        Assert.Equal(1, stats.Connections);
        Assert.True(stats.BytesDown >= Megabytes.Length, $"{stats.BytesDown} bytes down");
        Assert.Equal(0, stats.HeldChunks);
    }

    [Fact]
    public async Task Latency_EachAnswerHeldForTheAskedTimeFromWhenItWasRead()
    {
        await Client.GetStringAsync(new Uri("", UriKind.Relative));
        Proxy.TakeStats();
        Proxy.Set(new NetworkFault { Latency = TimeSpan.FromMilliseconds(50) });

        var times = new List<double>();
        for (var i = 0; i < 20; i++)
        {
            var start = Stopwatch.GetTimestamp();
            Assert.Equal("ok", await Client.GetStringAsync(new Uri("", UriKind.Relative)));
            times.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        }

        var held = Proxy.TakeStats().HeldMs;
        Assert.Equal(20, held.Count);
        Assert.InRange(held.P50, 50, 51.5);
        times.Sort();
        Assert.InRange(times[10], 50, 60);
    }

    [Fact]
    public async Task Latency_Up_DelaysTheRequestNotTheAnswer()
    {
        await Client.GetStringAsync(new Uri("", UriKind.Relative));
        Proxy.Set(new NetworkFault { Latency = TimeSpan.FromMilliseconds(30), Direction = FaultDirection.Up });

        var start = Stopwatch.GetTimestamp();
        await Client.GetStringAsync(new Uri("", UriKind.Relative));
        var elapsed = Stopwatch.GetElapsedTime(start).TotalMilliseconds;

        Assert.InRange(elapsed, 30, 40);
        Assert.True(Proxy.TakeStats().BytesUp > 0);
    }

    [Fact]
    public async Task Bandwidth_TwoMegabytesAtOneMegabytePerSecond_TakeTwoSeconds()
    {
        Proxy.Set(new NetworkFault { BytesPerSecond = 1024 * 1024 });

        var start = Stopwatch.GetTimestamp();
        var body = await Client.GetByteArrayAsync(new Uri("big", UriKind.Relative));
        var seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;

        Assert.Equal(Megabytes.Length, body.Length);
        Assert.InRange(seconds, 1.85, 2.3);
    }

    [Fact]
    public async Task Reset_EveryNewConnectionIsResetAndCounted()
    {
        Proxy.Set(new NetworkFault { ResetShare = 1 });
        using var fresh = new HttpClient { BaseAddress = Client.BaseAddress, Timeout = TimeSpan.FromSeconds(5) };

        // A reset that lands while HttpClient is still reading the new socket's endpoints
        // surfaces as the bare SocketException rather than wrapped in HttpRequestException.
        var failure = await Assert.ThrowsAnyAsync<Exception>(() => fresh.GetStringAsync(new Uri("", UriKind.Relative)));
        Assert.True(failure is HttpRequestException or SocketException, failure.ToString());

        Assert.True(Proxy.TakeStats().Resets >= 1);
        Proxy.Set(null);
        using var after = new HttpClient { BaseAddress = Client.BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        Assert.Equal("ok", await after.GetStringAsync(new Uri("", UriKind.Relative)));
    }

    [Fact]
    public async Task Reset_AShareOfRequestsOnAKeptOpenConnection_HaveItResetNearThatShare()
    {
        await Client.GetStringAsync(new Uri("", UriKind.Relative));
        Proxy.TakeStats();
        Proxy.Set(new NetworkFault { ResetShare = 0.2 });

        var failed = 0;
        for (var i = 0; i < 200; i++)
        {
            try
            {
                await Client.GetStringAsync(new Uri("", UriKind.Relative));
            }
            catch (Exception e) when (e is HttpRequestException or System.Net.Sockets.SocketException)
            {
                failed++;
            }
        }

        // A request reset before any answer may be retried once on a new connection by HttpClient, so the proxy counts at least as many resets as failed.
        var stats = Proxy.TakeStats();
        Assert.InRange(failed, 20, 60);
        Assert.InRange(stats.Resets, failed, failed * 2);
        Assert.InRange(stats.ResetChances, 200, 260);
    }

    [Fact]
    public async Task BlackHole_NothingComesBackUntilItEnds()
    {
        Proxy.Set(new NetworkFault { BlackHole = true });
        using var impatient = new HttpClient { BaseAddress = Client.BaseAddress, Timeout = TimeSpan.FromMilliseconds(500) };

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => impatient.GetStringAsync(new Uri("", UriKind.Relative)));

        Proxy.Set(null);
        Assert.Equal("ok", await Client.GetStringAsync(new Uri("", UriKind.Relative)));
    }
}
