using System.Net.Sockets;
using Redline.Cli.Targets;

namespace Redline.Cli.Tests.Targets;

public sealed class NetworkProblemTests
{
    [Fact]
    public void Describe_NameResolutionError_SaysCouldNotResolveHost()
    {
        var error = new HttpRequestException(HttpRequestError.NameResolutionError, "Name or service not known (nowhere.test:80)");

        Assert.Equal("could not resolve host 'nowhere.test'", NetworkProblem.Describe(error, "nowhere.test"));
    }

    [Fact]
    public void Describe_WrappedHostNotFound_SaysCouldNotResolveHost()
    {
        var error = new HttpRequestException("failed", new SocketException((int)SocketError.HostNotFound));

        Assert.Equal("could not resolve host 'nowhere.test'", NetworkProblem.Describe(error, "nowhere.test"));
    }

    [Fact]
    public void Describe_WrappedConnectionRefused_SaysConnectionRefused()
    {
        var error = new HttpRequestException("failed", new IOException("io", new SocketException((int)SocketError.ConnectionRefused)));

        Assert.Equal("connection refused", NetworkProblem.Describe(error, "127.0.0.1"));
    }

    [Theory]
    [InlineData(500, "500ms")]
    [InlineData(1000, "1s")]
    [InlineData(1500, "1.5s")]
    [InlineData(30000, "30s")]
    [InlineData(120000, "2m")]
    public void Format_Durations_ReadLikeSuiteFiles(int milliseconds, string expected)
    {
        Assert.Equal(expected, NetworkProblem.Format(TimeSpan.FromMilliseconds(milliseconds)));
    }
}
