using Redline.Protocols.Http;

namespace Redline.Protocols.Tests.Http;

public sealed class PreparedHttpRequestTests
{
    [Theory]
    [InlineData("http://h:8080", "/users", "http://h:8080/users")]
    [InlineData("http://h:8080/", "users", "http://h:8080/users")]
    [InlineData("http://h:8080/api", "/users?page=2", "http://h:8080/api/users?page=2")]
    [InlineData("http://h:8080/api/", "users", "http://h:8080/api/users")]
    [InlineData("http://h:8080/api", "?q=1", "http://h:8080/api?q=1")]
    [InlineData("http://h:8080/api", "", "http://h:8080/api")]
    public void Create_RelativePath_AppendsToBasePath(string baseAddress, string path, string expected)
    {
        var prepared = PreparedHttpRequest.Create(new Uri(baseAddress), HttpRequestSpec.Get(path));

        Assert.Equal(expected, prepared.RequestUri.AbsoluteUri);
    }

    [Fact]
    public void Create_KnownMethod_UsesSharedInstance()
    {
        var prepared = PreparedHttpRequest.Create(new Uri("http://h/"), HttpRequestSpec.Get("/"));

        Assert.Same(HttpMethod.Get, prepared.Method);
        Assert.Null(prepared.Body);
    }

    [Fact]
    public void Create_MixedHeaders_SplitsRequestAndContentHeaders()
    {
        var spec = HttpRequestSpec.Get("/") with
        {
            Headers = new Dictionary<string, string>
            {
                ["Authorization"] = "Bearer x",
                ["Content-Language"] = "en",
                ["Content-Type"] = "text/plain",
            },
            Body = [1, 2, 3],
            ContentType = "application/json",
        };

        var prepared = PreparedHttpRequest.Create(new Uri("http://h/"), spec);
        using var message = prepared.CreateMessage();

        Assert.Equal(["Authorization"], prepared.RequestHeaders.Select(h => h.Key));
        Assert.Equal("Bearer x", message.Headers.Authorization?.ToString());
        Assert.NotNull(message.Content);
        Assert.Equal("application/json", message.Content.Headers.ContentType?.MediaType);
        Assert.Equal(["en"], message.Content.Headers.ContentLanguage);
        Assert.Equal(3, message.Content.Headers.ContentLength);
    }

    [Fact]
    public void Create_ContentHeaderWithoutBody_SendsEmptyContent()
    {
        var spec = HttpRequestSpec.Get("/") with { ContentType = "application/json" };

        var prepared = PreparedHttpRequest.Create(new Uri("http://h/"), spec);

        Assert.NotNull(prepared.Body);
        Assert.Empty(prepared.Body);
    }

    [Fact]
    public void Create_InvalidSpec_ListsEveryProblem()
    {
        var spec = new HttpRequestSpec(
            "BAD METHOD",
            "http://elsewhere/",
            new Dictionary<string, string> { ["Bad Name"] = "x", ["X-Split"] = "a\r\nb", ["Content-Length"] = "3" },
            null,
            null,
            new HashSet<int> { 42 },
            TimeSpan.Zero);

        var error = Assert.Throws<ArgumentException>(() => PreparedHttpRequest.Create(new Uri("http://h/"), spec));

        Assert.Contains("method 'BAD METHOD'", error.Message, StringComparison.Ordinal);
        Assert.Contains("must be relative", error.Message, StringComparison.Ordinal);
        Assert.Contains("header name 'Bad Name'", error.Message, StringComparison.Ordinal);
        Assert.Contains("header 'X-Split' has a line break", error.Message, StringComparison.Ordinal);
        Assert.Contains("header 'Content-Length' is set from the body", error.Message, StringComparison.Ordinal);
        Assert.Contains("expected status 42", error.Message, StringComparison.Ordinal);
        Assert.Contains("timeout must be positive", error.Message, StringComparison.Ordinal);
    }
}
