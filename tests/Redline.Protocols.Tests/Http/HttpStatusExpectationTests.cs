using Redline.Protocols.Http;

namespace Redline.Protocols.Tests.Http;

public sealed class HttpStatusExpectationTests
{
    [Theory]
    [InlineData(200, "none")]
    [InlineData(204, "none")]
    [InlineData(302, "none")]
    [InlineData(101, "protocol")]
    [InlineData(404, "http_4xx")]
    [InlineData(503, "http_5xx")]
    [InlineData(999, "protocol")]
    public void Judge_NoExpectation_Accepts2xxAnd3xxOnly(int status, string expected)
    {
        var outcome = new HttpStatusExpectation(null).Judge(status);

        Assert.Equal(expected, outcome.Error.Name);
        Assert.Equal(status, outcome.StatusCode);
    }

    [Theory]
    [InlineData(204, "none")]
    [InlineData(200, "protocol")]
    [InlineData(302, "protocol")]
    [InlineData(409, "http_4xx")]
    public void Judge_ExplicitSet_AcceptsOnlyItsMembers(int status, string expected)
    {
        var outcome = new HttpStatusExpectation(new HashSet<int> { 204, 404 }).Judge(status);

        Assert.Equal(expected, outcome.Error.Name);
        Assert.Equal(status, outcome.StatusCode);
    }

    [Fact]
    public void Judge_RepeatedFailure_ReusesDetailString()
    {
        var expectation = new HttpStatusExpectation(new HashSet<int> { 204, 200 });

        var first = expectation.Judge(500);
        var second = expectation.Judge(500);

        Assert.Equal("HTTP 500, expected 200 or 204", first.Detail);
        Assert.Same(first.Detail, second.Detail);
    }
}
