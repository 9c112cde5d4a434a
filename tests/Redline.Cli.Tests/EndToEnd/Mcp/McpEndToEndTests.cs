using System.Text.Json;
using Xunit.Abstractions;

namespace Redline.Cli.Tests.EndToEnd.Mcp;

/// <summary>The real <c>redline run</c> against real MCP servers: server-everything from npm over stdio and Streamable HTTP, and the reference deployment's.</summary>
[Collection(EndToEndCollection.Name)]
public sealed class McpEndToEndTests(ITestOutputHelper output) : IDisposable
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(120);
    private readonly string _dir = Directory.CreateTempSubdirectory("redline-mcp-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Run_EverythingOverStdio_RunsEachOperationWithASessionPerUser()
    {
        var server = EverythingServer.StdioServer;
        var (scenario, stdout) = await RunAsync($$$"""
            suite: everything_stdio
            target: { monitor: { system: false } }
            components:
              tools:
                mcp: { {{{server}}}, list: tools }
              echo:
                mcp: { {{{server}}}, call: echo, arguments: { message: "hello {{iteration}}" } }
              unknown_tool:
                mcp: { {{{server}}}, call: no_such_tool }
              error_handling:
                mcp: { {{{server}}}, call: no_such_tool, expect: error }
              resource:
                mcp: { {{{server}}}, read: "demo://resource/static/document/architecture.md" }
              prompt:
                mcp: { {{{server}}}, prompt: simple-prompt }
              ping:
                mcp: { {{{server}}}, ping: true }
            scenarios:
              steady:
                load: { model: closed, users: 3, duration: 3s }
            """);

        var components = scenario.GetProperty("components").EnumerateArray().ToDictionary(c => c.GetProperty("name").GetString()!);
        foreach (var name in new[] { "tools", "echo", "error_handling", "resource", "prompt", "ping" })
        {
            Assert.True(components[name].GetProperty("requests").GetInt64() > 0, name);
            Assert.True(components[name].GetProperty("errors").GetInt64() == 0, $"{name}: {components[name]}");
        }

        // server-everything answers an unknown tool with a result that has isError, not a JSON-RPC error.
        var unknown = components["unknown_tool"];
        Assert.Equal(unknown.GetProperty("requests").GetInt64(), unknown.GetProperty("errors_by_type").GetProperty("mcp_tool_error").GetInt64());
        var sessions = components.Values.Where(c => c.TryGetProperty("session_setup_ms", out _)).Sum(c => c.GetProperty("session_setup_ms").GetProperty("count").GetInt64());
        Assert.Equal(3, sessions);
        Assert.Contains(scenario.GetProperty("events").EnumerateArray(), e => e.GetProperty("text").GetString()!.Contains("speaks 2025-11-25 and lists", StringComparison.Ordinal));
        Assert.Contains("sessions opened", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_EverythingOverStreamableHttp_KeepsASessionPerUserAndTimesItApart()
    {
        await using var server = await EverythingServer.StartHttpAsync();
        var (scenario, _) = await RunAsync($$$"""
            suite: everything_http
            target: { base_url: "http://127.0.0.1:9", monitor: { system: false } }
            components:
              echo:
                mcp: { endpoint: "{{{server.Endpoint}}}", call: echo, arguments: { message: "hello {{vu}}" } }
              cold:
                mcp: { endpoint: "{{{server.Endpoint}}}", ping: true, session: per_iteration }
            scenarios:
              steady:
                load: { model: closed, users: 4, duration: 3s }
                request_mix: { echo: 75%, cold: 25% }
            """);

        var echo = scenario.GetProperty("components")[0];
        var cold = scenario.GetProperty("components")[1];
        Assert.Equal(0, echo.GetProperty("errors").GetInt64() + cold.GetProperty("errors").GetInt64());
        var setup = echo.GetProperty("session_setup_ms");
        Assert.InRange(setup.GetProperty("count").GetInt64(), 1, 4);
        Assert.False(cold.TryGetProperty("session_setup_ms", out _));
        output.WriteLine($"echo p50 {echo.GetProperty("latency_ms").GetProperty("p50")} ms, session setup p50 {setup.GetProperty("p50")} ms; cold ping p50 {cold.GetProperty("latency_ms").GetProperty("p50")} ms");

        // A cold session pays the handshake in its latency; a kept one does not.
        Assert.True(cold.GetProperty("latency_ms").GetProperty("p50").GetDouble() > echo.GetProperty("latency_ms").GetProperty("p50").GetDouble());
    }

    [Fact]
    public async Task Run_StdioServerExitsMidRun_CountsMcpProcessExited()
    {
        var (scenario, _) = await RunAsync($$"""
            suite: dying
            target: { monitor: { system: false } }
            components:
              echo:
                mcp:
                  command: bash
                  args: [-c, 'node "{{EverythingServer.EntryPoint}}" stdio <&0 & sleep 2; kill $!']
                  call: echo
                  arguments: { message: hi }
                  timeout: 2s
            scenarios:
              steady:
                load: { model: closed, users: 1, duration: 4s, think_time: 50ms }
                success_criteria: { error_rate: <1% }
            """, expectedExit: 1);

        var echo = scenario.GetProperty("components")[0];
        Assert.True(echo.GetProperty("requests").GetInt64() > echo.GetProperty("errors").GetInt64(), echo.ToString());
        Assert.True(echo.GetProperty("errors_by_type").GetProperty("mcp_process_exited").GetInt64() > 0, echo.ToString());
    }

    [Fact]
    public async Task Run_ReferenceDeploymentAuto_PicksTheStatelessRevisionAndAFixedOneIsKept()
    {
        var port = Targets.LoopbackPorts.Free();
        var (scenario, _) = await RunAsync($$"""
            suite: reference_mcp
            target:
              base_url: "http://127.0.0.1:{{port}}"
              start: { command: dotnet, args: ["{{RedlineProcess.Dll}}", target, serve, --port, "{{port}}"], ready: /health }
              monitor: { system: false }
            components:
              stateless:
                mcp: { endpoint: /mcp, call: list_containers, arguments: {} }
              stateful:
                mcp: { endpoint: /mcp, list: tools, protocol: "2025-11-25" }
            scenarios:
              steady:
                load: { model: closed, users: 2, duration: 2s }
            """);

        var notes = string.Join("\n", scenario.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("text").GetString()));
        Assert.Contains("speaks 2026-07-28", notes, StringComparison.Ordinal);
        Assert.Contains("speaks 2025-11-25", notes, StringComparison.Ordinal);
        Assert.All(scenario.GetProperty("components").EnumerateArray(), c => Assert.Equal(0, c.GetProperty("errors").GetInt64()));
    }

    [Fact]
    public async Task Run_McpMistakes_ExitTwoWithPositions()
    {
        var suite = Path.Combine(_dir, "bad.yaml");
        await File.WriteAllTextAsync(suite, """
            suite: bad
            target: {}
            components:
              both:
                mcp: { endpoint: /mcp, command: node, ping: true }
              none:
                mcp: { command: node }
              relative:
                mcp: { endpoint: /mcp, list: tool }
            scenarios:
              s:
                load: { model: closed, users: 1, duration: 1s }
            """);

        var (code, _, stderr) = await RedlineProcess.RunAsync(Limit, "run", suite, "--out", Path.Combine(_dir, "out"));

        Assert.Equal(2, code);
        Assert.Contains("bad.yaml:5:", stderr, StringComparison.Ordinal);
        Assert.Contains("give endpoint (Streamable HTTP) or command (stdio), not both", stderr, StringComparison.Ordinal);
        Assert.Contains("bad.yaml:7:", stderr, StringComparison.Ordinal);
        Assert.Contains("missing the operation", stderr, StringComparison.Ordinal);
        Assert.Contains("components.relative.mcp.list: expected tools, resources or prompts", stderr, StringComparison.Ordinal);
        Assert.Contains("target.base_url: missing required key 'base_url'", stderr, StringComparison.Ordinal);
    }

    private async Task<(JsonElement Scenario, string Stdout)> RunAsync(string yaml, int expectedExit = 0)
    {
        var suite = Path.Combine(_dir, "suite.yaml");
        await File.WriteAllTextAsync(suite, yaml);
        var outDir = Path.Combine(_dir, "out");
        var (code, stdout, stderr) = await RedlineProcess.RunAsync(Limit, "run", suite, "--out", outDir, "--no-store");
        Assert.True(code == expectedExit, $"exit {code}\n{stdout}\n{stderr}");
        using var results = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(outDir, "results.json")));
        return (results.RootElement.GetProperty("scenarios")[0].Clone(), stdout);
    }
}
