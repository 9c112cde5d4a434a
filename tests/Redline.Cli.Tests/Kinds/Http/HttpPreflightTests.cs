using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Redline.Cli.Kinds.Http;
using Redline.Cli.Tests.Targets;
using Redline.Testing.Servers;
using Xunit.Abstractions;

namespace Redline.Cli.Tests.Kinds.Http;

public sealed class HttpPreflightTests(ITestOutputHelper output)
{
    [Fact]
    public async Task CheckAsync_KestrelServer_IsOkEvenForA404()
    {
        await using var app = LoopbackServer.Create();
        app.MapGet("/only-here", () => "hi");
        await app.StartAsync();
        var baseUrl = new Uri(app.Urls.Single());

        var result = await HttpPreflight.CheckAsync(baseUrl, TimeSpan.FromSeconds(5), CancellationToken.None);
        output.WriteLine(result.Message);

        Assert.True(result.Ok, result.Message);
        Assert.Contains("404", result.Message, StringComparison.Ordinal);
        await app.StopAsync();
    }

    [Fact]
    public async Task CheckAsync_ClosedPort_ReportsConnectionRefused()
    {
        var baseUrl = new Uri($"http://127.0.0.1:{LoopbackPorts.Free()}/");

        var result = await HttpPreflight.CheckAsync(baseUrl, TimeSpan.FromSeconds(5), CancellationToken.None);
        output.WriteLine(result.Message);

        Assert.False(result.Ok);
        Assert.Contains("connection refused", result.Message, StringComparison.Ordinal);
        Assert.Contains(baseUrl.ToString(), result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CheckAsync_ServerThatNeverAnswers_ReportsTimedOut()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var baseUrl = new Uri($"http://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}/");

        // The connection is accepted by the backlog and then left without an answer.
        var result = await HttpPreflight.CheckAsync(baseUrl, TimeSpan.FromMilliseconds(500), CancellationToken.None);
        output.WriteLine(result.Message);

        Assert.False(result.Ok);
        Assert.Contains("timed out after 500ms", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CheckAsync_CallerCancels_Throws()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var baseUrl = new Uri($"http://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}/");
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => HttpPreflight.CheckAsync(baseUrl, TimeSpan.FromSeconds(10), cancel.Token));
    }
}
