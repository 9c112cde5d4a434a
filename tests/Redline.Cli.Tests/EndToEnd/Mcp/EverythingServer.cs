using System.Diagnostics;
using System.Net.Sockets;
using Redline.Cli.Tests.Targets;

namespace Redline.Cli.Tests.EndToEnd.Mcp;

/// <summary>
/// The third-party <c>@modelcontextprotocol/server-everything</c> from npm, installed from
/// tests/mcp's lock file by .ci/node.sh (CI runs it; elsewhere the first test that needs it does), run over
/// stdio by Redline or over Streamable HTTP by the test, on 127.0.0.1 only.
/// </summary>
internal sealed class EverythingServer : IAsyncDisposable
{
    private static readonly Lock InstallLock = new();
    private readonly Process _process;

    private EverythingServer(Process process, int port)
    {
        _process = process;
        Endpoint = $"http://127.0.0.1:{port}/mcp";
    }

    /// <summary>The Streamable HTTP endpoint.</summary>
    public string Endpoint { get; }

    /// <summary>The folder with the package.json that pins the servers, and the loopback preload.</summary>
    public static string Folder { get; } = FindFolder();

    /// <summary>The server's entry point, installed on first use.</summary>
    public static string EntryPoint { get; } = Install();

    /// <summary>The suite lines of a stdio server: <c>command: node</c> and its arguments.</summary>
    public static string StdioServer => $"command: node, args: [\"{EntryPoint}\", stdio]";

    /// <summary>Starts the server over Streamable HTTP on a free port of 127.0.0.1 and waits until it accepts connections.</summary>
    public static async Task<EverythingServer> StartHttpAsync()
    {
        var port = LoopbackPorts.Free();
        var start = new ProcessStartInfo("node") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(EntryPoint);
        start.ArgumentList.Add("streamableHttp");
        start.Environment["PORT"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        start.Environment["NODE_OPTIONS"] = $"--require {Path.Combine(Folder, "loopback.cjs")}";
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new EverythingServer(process, port);
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(30))
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync("127.0.0.1", port);
                return server;
            }
            catch (SocketException) when (!process.HasExited)
            {
                await Task.Delay(100);
            }
        }

        await server.DisposeAsync();
        throw new InvalidOperationException($"server-everything did not listen on 127.0.0.1:{port} within 30 s");
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        await _process.WaitForExitAsync();
        _process.Dispose();
    }

    private static string Install()
    {
        var entry = Path.Combine(Folder, "node_modules", "@modelcontextprotocol", "server-everything", "dist", "index.js");
        lock (InstallLock)
        {
            if (!File.Exists(entry))
            {
                // The script CI runs: Node.js and npm from Debian when missing (as root), then npm ci.
                var script = Path.Combine(Folder, "..", "..", ".ci", "node.sh");
                using var install = Process.Start(new ProcessStartInfo("bash", [script]) { UseShellExecute = false })!;
                if (!install.WaitForExit(TimeSpan.FromMinutes(10)))
                {
                    install.Kill(entireProcessTree: true);
                }

                if (!File.Exists(entry))
                {
                    throw new InvalidOperationException($"{script} did not install server-everything (it needs Node.js and npm, or root and apt-get to install them)");
                }
            }
        }

        return entry;
    }

    private static string FindFolder()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Redline.slnx")))
            {
                return Path.Combine(dir.FullName, "tests", "mcp");
            }
        }

        throw new DirectoryNotFoundException("Redline.slnx not found above " + AppContext.BaseDirectory);
    }
}
