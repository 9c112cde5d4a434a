using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;

using Redline.Testing.Servers;

namespace Redline.Dashboard.Tests;

/// <summary>The dashboard's server on a real loopback port: safe by default, a stream that resumes, an exit it never delays.</summary>
public sealed partial class DashboardServerTests
{
    private static readonly DashboardAddress AnyLoopbackPort = new(IPAddress.Loopback, 0);

    [Fact]
    public async Task Request_ForeignHostOrOrigin_IsRefusedAndTheOwnOriginIsServed()
    {
        await using var server = await DashboardServer.StartAsync(new LiveState(), AnyLoopbackPort, null, CancellationToken.None);
        using var client = new HttpClient { BaseAddress = server.Url };

        using var foreignHost = new HttpRequestMessage(HttpMethod.Get, "/metrics");
        foreignHost.Headers.Host = "attacker.example";
        using var foreignOrigin = new HttpRequestMessage(HttpMethod.Get, "/events");
        foreignOrigin.Headers.Add("Origin", "http://attacker.example");
        using var ownOrigin = new HttpRequestMessage(HttpMethod.Get, "/metrics");
        ownOrigin.Headers.Add("Origin", $"http://{server.Url.Authority}");
        using var post = new HttpRequestMessage(HttpMethod.Post, "/metrics");

        Assert.Equal(HttpStatusCode.Forbidden, (await client.SendAsync(foreignHost)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.SendAsync(foreignOrigin)).StatusCode);
        using var served = await client.SendAsync(ownOrigin);
        Assert.Equal(HttpStatusCode.OK, served.StatusCode);
        Assert.False(served.Headers.Contains("Access-Control-Allow-Origin"));
        Assert.Equal(HttpStatusCode.MethodNotAllowed, (await client.SendAsync(post)).StatusCode);
    }

    [Fact]
    public async Task StartAsync_NonLoopbackAddressWithoutAToken_IsRefusedBeforeBinding()
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() => DashboardServer.StartAsync(new LiveState(), new DashboardAddress(IPAddress.Any, 0), null, CancellationToken.None));

        Assert.Contains("REDLINE_DASHBOARD_TOKEN", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Request_WithAToken_NeedsItAsBearerQueryOrTheCookieTheQuerySets()
    {
        await using var server = await DashboardServer.StartAsync(new LiveState(), AnyLoopbackPort, "s3cret-token", CancellationToken.None);
        using var handler = new HttpClientHandler { UseCookies = true };
        using var client = new HttpClient(handler) { BaseAddress = new Uri(server.Url.GetLeftPart(UriPartial.Authority)) };

        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync(new Uri("/metrics", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync(new Uri("/metrics?token=wrong", UriKind.Relative))).StatusCode);
        using var bearer = new HttpRequestMessage(HttpMethod.Get, "/metrics");
        bearer.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", "s3cret-token");
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(bearer)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(server.Url)).StatusCode);
        // The page's own requests after it: the cookie the token set carries it.
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri("/dashboard.js", UriKind.Relative))).StatusCode);
    }

    [Fact]
    public async Task Page_HasNoInlineScriptAndLoadsNothingFromAnotherHost()
    {
        await using var server = await DashboardServer.StartAsync(new LiveState(), AnyLoopbackPort, null, CancellationToken.None);
        using var client = new HttpClient { BaseAddress = server.Url };

        using var page = await client.GetAsync(server.Url);
        var html = await page.Content.ReadAsStringAsync();

        Assert.Contains("script-src 'self'", page.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        Assert.DoesNotMatch(InlineScript(), html);
        // Files beside the page, or inline data (the empty icon that keeps the browser from asking for /favicon.ico).
        var references = Reference().Matches(html).Select(m => m.Groups["url"].Value).Where(u => !u.StartsWith("data:", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(references);
        Assert.All(references, url => Assert.False(url.Contains("//", StringComparison.Ordinal) || url.StartsWith('/'), $"{url} is not a file beside the page"));
        foreach (var url in references)
        {
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri(url, UriKind.Relative))).StatusCode);
        }
    }

    [Fact]
    public async Task Events_AReconnectWithLastEventId_ResumesWithNoGapAndNoRepeat()
    {
        var state = new LiveState();
        state.Start(Stream.Start());
        state.Second(Stream.Second("steady", 0, ("read", [5], 0)));
        await using var server = await DashboardServer.StartAsync(state, AnyLoopbackPort, null, CancellationToken.None);
        using var client = new HttpClient { BaseAddress = server.Url, Timeout = TimeSpan.FromSeconds(30) };

        long lastSeen;
        using (var first = await EventStreamReader.OpenAsync(client, null))
        {
            var snapshot = await first.NextAsync();
            Assert.Equal(("snapshot", 2L), (snapshot.Type, snapshot.Id));
            state.Second(Stream.Second("steady", 1, ("read", [5], 0)));
            var live = await first.NextAsync();
            Assert.Equal(("second", 3L), (live.Type, live.Id));
            lastSeen = live.Id;
        }

        // While the page is away, two more seconds and an event.
        state.Second(Stream.Second("steady", 2, ("read", [5], 0)));
        state.Event(new Engine.RunEvent("steady", TimeSpan.FromSeconds(2.5), Engine.RunEventKind.Stage, "stage 2"));
        state.Second(Stream.Second("steady", 3, ("read", [5], 0)));

        using var again = await EventStreamReader.OpenAsync(client, lastSeen);
        var resumed = new[] { await again.NextAsync(), await again.NextAsync(), await again.NextAsync() };
        Assert.Equal([(4L, "second"), (5L, "timeline"), (6L, "second")], resumed.Select(f => (f.Id, f.Type)));
        Assert.Contains("\"second\":3", resumed[2].Data, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dispose_WithPagesStillReading_EndsTheirStreamsAtOnce()
    {
        var state = new LiveState();
        state.Start(Stream.Start());
        var server = await DashboardServer.StartAsync(state, AnyLoopbackPort, null, CancellationToken.None);
        using var client = new HttpClient { BaseAddress = server.Url, Timeout = TimeSpan.FromSeconds(30) };
        using var one = await EventStreamReader.OpenAsync(client, null);
        using var two = await EventStreamReader.OpenAsync(client, null);
        await one.NextAsync();
        await two.NextAsync();

        var clock = Stopwatch.StartNew();
        await server.DisposeAsync();

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(3), $"disposing took {clock.Elapsed.TotalSeconds:F1} s with two pages open");
        Assert.Null(await one.NextOrEndAsync());
        Assert.Equal(0, state.Subscribers);
    }

    [GeneratedRegex(@"<script(?![^>]*\bsrc=)[^>]*>", RegexOptions.IgnoreCase)]
    private static partial Regex InlineScript();

    [GeneratedRegex(@"(?:src|href)=""(?<url>[^""]+)""", RegexOptions.IgnoreCase)]
    private static partial Regex Reference();
}
