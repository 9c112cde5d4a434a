using System.IO.Pipelines;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;
using Redline.ReferenceTarget.Mcp;

namespace Redline.ReferenceTarget.Tests.Mcp;

/// <summary>
/// The stdio server, driven in-process over a pair of pipes standing in for the child's stdin and stdout: the
/// same code path <see cref="ReferenceMcp.RunStdioAsync"/> takes with the console streams.
/// </summary>
public sealed class McpStdioTests
{
    private static readonly TimeSpan TestBudget = TimeSpan.FromSeconds(60);

    [Theory]
    [InlineData(Profile.Baseline, McpHttpHost.InitializeRevision)]
    [InlineData(Profile.Optimized, McpHttpHost.InitializeRevision)]
    [InlineData(Profile.Baseline, null)]
    [InlineData(Profile.Optimized, null)]
    public async Task RunStreams_SdkClient_InitializesListsAndCallsTools(Profile profile, string? protocolVersion)
    {
        using var timeout = new CancellationTokenSource(TestBudget);
        await using var session = StdioSession.Start(Options(profile), timeout.Token);
        await using var client = await session.ConnectAsync(protocolVersion, timeout.Token);

        if (protocolVersion is not null)
        {
            Assert.Equal(protocolVersion, client.NegotiatedProtocolVersion);
        }

        Assert.Equal(ReferenceMcp.ServerName, client.ServerInfo?.Name);
        await McpAssertions.AssertToolsListedAsync(client, timeout.Token);
        await McpAssertions.AssertGetPodsAsync(client, timeout.Token);
        await McpAssertions.AssertScanImageAsync(client, timeout.Token);
    }

    [Fact]
    public async Task RunStreams_InputEnds_Completes()
    {
        using var timeout = new CancellationTokenSource(TestBudget);
        await using var session = StdioSession.Start(Options(Profile.Baseline), timeout.Token);
        await using (var client = await session.ConnectAsync(McpHttpHost.InitializeRevision, timeout.Token))
        {
            await client.PingAsync(cancellationToken: timeout.Token);
        }

        await session.CloseInputAsync();

        await session.Server.WaitAsync(timeout.Token);
    }

    [Fact]
    public async Task RunStreams_Cancelled_CompletesWithoutThrowing()
    {
        using var timeout = new CancellationTokenSource(TestBudget);
        using var stop = new CancellationTokenSource();
        await using var session = StdioSession.Start(Options(Profile.Optimized), stop.Token);
        await using var client = await session.ConnectAsync(McpHttpHost.InitializeRevision, timeout.Token);

        await stop.CancelAsync();

        await session.Server.WaitAsync(timeout.Token);
    }

    private static ReferenceOptions Options(Profile profile) => new() { Profile = profile, LatencyScale = 0.02, Seed = 7 };

    /// <summary>A server on <see cref="ReferenceMcp.RunStreamsAsync"/> with the two pipes a client process would have.</summary>
    private sealed class StdioSession : IAsyncDisposable
    {
        private readonly Pipe _toServer = new();
        private readonly Pipe _toClient = new();

        private StdioSession(ReferenceOptions options, CancellationToken cancellationToken) =>
            Server = Task.Run(() => ReferenceMcp.RunStreamsAsync(options, _toServer.Reader.AsStream(), _toClient.Writer.AsStream(), cancellationToken), CancellationToken.None);

        public Task Server { get; }

        public static StdioSession Start(ReferenceOptions options, CancellationToken cancellationToken) => new(options, cancellationToken);

        public Task<McpClient> ConnectAsync(string? protocolVersion, CancellationToken cancellationToken)
        {
            var transport = new StreamClientTransport(_toServer.Writer.AsStream(leaveOpen: true), _toClient.Reader.AsStream(leaveOpen: true));
            return McpClient.CreateAsync(transport, new McpClientOptions { ProtocolVersion = protocolVersion }, cancellationToken: cancellationToken);
        }

        /// <summary>What a client process does when it closes the server's stdin.</summary>
        public ValueTask CloseInputAsync() => _toServer.Writer.CompleteAsync();

        public async ValueTask DisposeAsync()
        {
            await CloseInputAsync();
            try
            {
                // Surfaces a server that failed or did not stop at the end of its input.
                await Server.WaitAsync(TimeSpan.FromSeconds(10));
            }
            finally
            {
                await _toClient.Reader.CompleteAsync();
            }
        }
    }
}
