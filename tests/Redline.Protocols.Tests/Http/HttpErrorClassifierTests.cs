using System.Net.Sockets;
using Redline.Engine;
using Redline.Protocols.Http;

namespace Redline.Protocols.Tests.Http;

/// <summary>The generator's own limits are its errors, not the target's. (Running this process out of descriptors for real would take the test host down with it.)</summary>
public sealed class HttpErrorClassifierTests
{
    private static readonly Uri Target = new("http://127.0.0.1:8080/");

    [Theory]
    [InlineData(SocketError.TooManyOpenSockets, "file descriptors (the open-file limit)")]
    [InlineData(SocketError.AddressNotAvailable, "local ports (the ephemeral port range)")]
    [InlineData(SocketError.NoBufferSpaceAvailable, "socket buffers")]
    public void Classify_TheGeneratorsOwnShortage_IsGenerator(SocketError error, string named)
    {
        var (kind, detail) = HttpErrorClassifier.Classify(new HttpRequestException(HttpRequestError.ConnectionError, "failed", new SocketException((int)error)), Target);

        Assert.Equal(ErrorKind.Generator, kind);
        Assert.Contains(named, detail, StringComparison.Ordinal);
        Assert.Contains("127.0.0.1:8080", detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Classify_ARefusal_StaysTheTargets()
    {
        var (kind, _) = HttpErrorClassifier.Classify(new SocketException((int)SocketError.ConnectionRefused), Target);

        Assert.Equal(ErrorKind.ConnectionRefused, kind);
    }
}
