using System.Buffers;
using System.IO.Pipelines;
using System.Text;
using BenchmarkDotNet.Attributes;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace Redline.Benchmarks;

/// <summary>
/// What the MCP client Redline uses (the official SDK's McpClient) costs per <c>tools/call</c>, in
/// time and allocation, over an in-memory pipe to an in-process SDK server, for both protocol
/// revisions. <see cref="RawCall"/> is the floor of the same run: the exact bytes the SDK client
/// sends, written to an identical server by hand and its answer line read back without parsing,
/// so the difference between the two is the client's own cost.
/// </summary>
[MemoryDiagnoser]
public class McpClientBenchmarks
{
    private static readonly Dictionary<string, object?> Arguments = new() { ["message"] = "hello" };

    private readonly CancellationTokenSource _stop = new();
    private McpClient _client = null!;
    private PipeWriter _rawIn = null!;
    private PipeReader _rawOut = null!;
    private byte[] _callPrefix = [];
    private byte[] _callSuffix = [];
    private long _id = 1_000_000;

    [Params("2025-11-25", "2026-07-28")]
    public string Protocol { get; set; } = "";

    [GlobalSetup]
    public async Task SetupAsync()
    {
        // The SDK client, recording what it writes so the raw client can send the same bytes.
        var (serverIn, serverOut) = StartServer();
        var recorded = new RecordingStream(serverIn.Writer.AsStream());
        _client = await McpClient.CreateAsync(
            new StreamClientTransport(recorded, serverOut.Reader.AsStream()),
            new McpClientOptions { ProtocolVersion = Protocol, ClientInfo = new Implementation { Name = "bench", Version = "1" } });
        await _client.CallToolAsync("echo", Arguments);
        var lines = Encoding.UTF8.GetString(recorded.Written.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries);

        // The raw client: the same handshake lines, then the recorded call with a fresh id each time.
        var (rawIn, rawOut) = StartServer();
        (_rawIn, _rawOut) = (rawIn.Writer, rawOut.Reader);
        foreach (var line in lines[..^1])
        {
            await WriteLineAsync(Encoding.UTF8.GetBytes(line));
            if (line.Contains("\"id\"", StringComparison.Ordinal))
            {
                await ReadLineAsync();
            }
        }

        var call = lines[^1];
        var idAt = call.IndexOf("\"id\":", StringComparison.Ordinal) + "\"id\":".Length;
        var idEnd = call.IndexOfAny([',', '}'], idAt);
        _callPrefix = Encoding.UTF8.GetBytes(call[..idAt]);
        _callSuffix = Encoding.UTF8.GetBytes(call[idEnd..] + "\n");
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        await _client.DisposeAsync();
        await _stop.CancelAsync();
        _stop.Dispose();
    }

    [Benchmark]
    public async Task<bool> SdkCall() => (await _client.CallToolAsync("echo", Arguments)).IsError != true;

    [Benchmark(Baseline = true)]
    public async Task<long> RawCall()
    {
        var id = Encoding.UTF8.GetBytes((++_id).ToString(System.Globalization.CultureInfo.InvariantCulture));
        _rawIn.Write(_callPrefix);
        _rawIn.Write(id);
        _rawIn.Write(_callSuffix);
        await _rawIn.FlushAsync();
        return await ReadLineAsync();
    }

    private (Pipe In, Pipe Out) StartServer()
    {
        var (input, output) = (new Pipe(), new Pipe());
        var options = new McpServerOptions
        {
            ServerInfo = new Implementation { Name = "bench-server", Version = "1" },
            ToolCollection = [McpServerTool.Create((string message) => message, new McpServerToolCreateOptions { Name = "echo" })],
        };
        var server = McpServer.Create(new StreamServerTransport(input.Reader.AsStream(), output.Writer.AsStream(), "bench-server"), options);
        _ = server.RunAsync(_stop.Token);
        return (input, output);
    }

    private async Task WriteLineAsync(byte[] line)
    {
        _rawIn.Write(line);
        _rawIn.Write("\n"u8);
        await _rawIn.FlushAsync();
    }

    private async Task<long> ReadLineAsync()
    {
        while (true)
        {
            var read = await _rawOut.ReadAsync();
            var buffer = read.Buffer;
            if (buffer.PositionOf((byte)'\n') is { } end)
            {
                var length = buffer.Slice(0, end).Length;
                _rawOut.AdvanceTo(buffer.GetPosition(1, end));
                return length;
            }

            _rawOut.AdvanceTo(buffer.Start, buffer.End);
        }
    }

    /// <summary>Passes writes through and keeps a copy of them.</summary>
    private sealed class RecordingStream(Stream inner) : Stream
    {
        public MemoryStream Written { get; } = new();

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Flush() => inner.Flush();

        public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count)
        {
            Written.Write(buffer, offset, count);
            inner.Write(buffer, offset, count);
        }

        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            Written.Write(buffer.Span);
            await inner.WriteAsync(buffer, cancellationToken);
        }
    }
}
