using Redline.Engine;
using Redline.Protocols.Http;

namespace Redline.Protocols.Tests.Http;

public sealed class HttpStatusExpectationTests
{
    [Theory]
    [InlineData(200, ErrorKind.None)]
    [InlineData(204, ErrorKind.None)]
    [InlineData(302, ErrorKind.None)]
    [InlineData(101, ErrorKind.Protocol)]
    [InlineData(404, ErrorKind.Http4xx)]
    [InlineData(503, ErrorKind.Http5xx)]
    [InlineData(999, ErrorKind.Protocol)]
    public void Judge_NoExpectation_Accepts2xxAnd3xxOnly(int status, ErrorKind expected)
    {
        var outcome = new HttpStatusExpectation(null).Judge(status);

        Assert.Equal(expected, outcome.Error);
        Assert.Equal(status, outcome.StatusCode);
    }

    [Theory]
    [InlineData(204, ErrorKind.None)]
    [InlineData(200, ErrorKind.Protocol)]
    [InlineData(302, ErrorKind.Protocol)]
    [InlineData(409, ErrorKind.Http4xx)]
    public void Judge_ExplicitSet_AcceptsOnlyItsMembers(int status, ErrorKind expected)
    {
        var outcome = new HttpStatusExpectation(new HashSet<int> { 204, 404 }).Judge(status);

        Assert.Equal(expected, outcome.Error);
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
