using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;

namespace Redline.Cli.Tests.EndToEnd.Mcp;

/// <summary>
/// <c>redline target serve --mcp-servers N</c> as a user runs it: the deployment's MCP manager starts N server
/// processes behind /mcp, lists them, restarts one that is killed, keeps 95% of its connections in the optimized
/// profile and none in the baseline, and leaves no server behind however the deployment ends.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class McpManagerEndToEndTests : IDisposable
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(60);
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(10) };

    public void Dispose() => _http.Dispose();

    [Fact]
    public async Task Serve_TwoServers_RoutesInTurnRestartsAKilledOneAndStopsBoth()
    {
        var port = Targets.LoopbackPorts.Free();
        using var serve = Start(port, "optimized", servers: 2);
        await WaitReadyAsync(serve, port);

        var before = await ServersAsync(port);
        Assert.Equal(2, before.Length);
        Assert.All(before, s => Assert.Equal("running", s.GetProperty("state").GetString()));
        var pids = before.Select(s => s.GetProperty("pid").GetInt32()).ToArray();
        Assert.NotEqual(pids[0], pids[1]);
        Assert.All(pids, pid => Assert.True(IsAlive(pid), $"server {pid} is not running"));

        for (var i = 0; i < 10; i++)
        {
            await CallToolAsync(port);
        }

        // The warm-up's calls are forgotten: the ten calls went five to each server.
        var counted = await ServersAsync(port);
        Assert.All(counted, s => Assert.Equal(5, s.GetProperty("requests").GetInt64()));

        using (var kill = await _http.PostAsync(Url(port, "/api/admin/mcp/servers/0/kill"), null))
        {
            Assert.Equal(HttpStatusCode.OK, kill.StatusCode);
            using var body = JsonDocument.Parse(await kill.Content.ReadAsStringAsync());
            Assert.Equal(pids[0], body.RootElement.GetProperty("pid").GetInt32());
        }

        await WaitUntilAsync(() => Task.FromResult(!IsAlive(pids[0])), "the killed server to exit");

        // Partial failure: while server 0 is away, calls go to server 1.
        for (var i = 0; i < 4; i++)
        {
            await CallToolAsync(port);
        }

        // Recovery: server 0 runs again, as a new process, and counts the restart.
        JsonElement[] after = [];
        await WaitUntilAsync(async () =>
        {
            after = await ServersAsync(port);
            return after[0].GetProperty("state").GetString() == "running";
        }, "the killed server to be started again");
        Assert.Equal(1, after[0].GetProperty("restarts").GetInt32());
        Assert.Equal(0, after[1].GetProperty("restarts").GetInt32());
        var restarted = after[0].GetProperty("pid").GetInt32();
        Assert.NotEqual(pids[0], restarted);
        await CallToolAsync(port);

        using (var missing = await _http.PostAsync(Url(port, "/api/admin/mcp/servers/7/kill"), null))
        {
            Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        }

        serve.SendInterrupt();
        Assert.Equal(0, await serve.WaitAsync(Limit));
        Assert.False(IsAlive(pids[1]), "server 1 outlived the deployment");
        Assert.False(IsAlive(restarted), "the restarted server 0 outlived the deployment");
    }

    [Theory]
    [InlineData("baseline", 0.0, 0.0)]
    [InlineData("optimized", 0.88, 0.995)]
    public async Task Serve_ConnectionReuse_IsWhatTheProfileSays(string profile, double low, double high)
    {
        var port = Targets.LoopbackPorts.Free();
        using var serve = Start(port, profile, servers: 1);
        await WaitReadyAsync(serve, port);

        for (var i = 0; i < 200; i++)
        {
            await CallToolAsync(port);
        }

        using var status = JsonDocument.Parse(await _http.GetStringAsync(Url(port, "/api/admin/mcp/servers")));
        var server = status.RootElement.GetProperty("servers")[0];
        Assert.Equal(200, server.GetProperty("requests").GetInt64());
        Assert.InRange(status.RootElement.GetProperty("connectionReuse").GetDouble(), low, high);
    }

    [Fact]
    public async Task Serve_DeploymentKilledOutright_ItsServersStopByThemselves()
    {
        var port = Targets.LoopbackPorts.Free();
        using var serve = Start(port, "baseline", servers: 2);
        await WaitReadyAsync(serve, port);
        var pids = (await ServersAsync(port)).Select(s => s.GetProperty("pid").GetInt32()).ToArray();

        // SIGKILL: the deployment cannot stop anything; each server notices its parent has gone.
        var killed = serve.Pid;
        Assert.Equal(0, Kill(killed, 9));
        await WaitUntilAsync(() => Task.FromResult(pids.All(pid => !IsAlive(pid))), "the orphaned servers to stop");

        // Its temporary database is left behind, named for it; the next deployment to start sweeps it up.
        var orphans = Directory.GetFiles(Path.GetTempPath(), $"redline-reference-{killed}-*");
        Assert.NotEmpty(orphans);
        var next = Targets.LoopbackPorts.Free();
        using (var again = Start(next, "baseline", servers: 0))
        {
            await WaitReadyAsync(again, next);
            Assert.All(orphans, file => Assert.False(File.Exists(file), file));
            again.SendTerminate();
            await again.WaitAsync(TimeSpan.FromSeconds(30));
        }
    }

    private static RedlineProcess Start(int port, string profile, int servers) => RedlineProcess.Start(
        "target", "serve", "--port", port.ToString(CultureInfo.InvariantCulture), "--profile", profile,
        "--latency-scale", "0.02", "--mcp-servers", servers.ToString(CultureInfo.InvariantCulture));

    private static Uri Url(int port, string path) => new($"http://127.0.0.1:{port}{path}");

    private async Task WaitReadyAsync(RedlineProcess serve, int port) =>
        await WaitUntilAsync(async () =>
        {
            try
            {
                using var response = await _http.GetAsync(Url(port, "/health"));
                return response.IsSuccessStatusCode;
            }
            catch (HttpRequestException)
            {
                return false;
            }
        }, "the deployment to be ready: " + serve.Stderr);

    private async Task<JsonElement[]> ServersAsync(int port)
    {
        using var status = JsonDocument.Parse(await _http.GetStringAsync(Url(port, "/api/admin/mcp/servers")));
        return [.. status.RootElement.GetProperty("servers").EnumerateArray().Select(s => s.Clone())];
    }

    private async Task CallToolAsync(int port)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, Url(port, "/mcp"))
        {
            Content = new StringContent("""{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"list_containers","arguments":{"limit":1}}}""", Encoding.UTF8, "application/json"),
        };
        request.Headers.Accept.ParseAdd("application/json, text/event-stream");
        using var response = await _http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {body}");
        Assert.Contains("\"result\"", body, StringComparison.Ordinal);
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = TimeProvider.System.GetUtcNow() + Limit;
        while (!await condition())
        {
            Assert.True(TimeProvider.System.GetUtcNow() < deadline, "timed out waiting for " + what);
            await Task.Delay(100);
        }
    }

    private static bool IsAlive(int pid)
    {
        // A zombie has exited; only its parent's reaping is missing.
        var stat = $"/proc/{pid}/stat";
        return File.Exists(stat) && !File.ReadAllText(stat).Split(')')[^1].TrimStart().StartsWith('Z');
    }

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);
}
