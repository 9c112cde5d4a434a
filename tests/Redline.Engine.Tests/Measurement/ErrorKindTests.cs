namespace Redline.Engine.Tests.Measurement;

public sealed class ErrorKindTests
{
    [Fact]
    public void Named_TheSameNameTwice_IsTheSameClass()
    {
        var first = ErrorKind.Named("mcp_tool_error");
        var second = ErrorKind.Named("mcp_tool_error");

        Assert.Equal(first, second);
        Assert.True(first == second);
        Assert.Equal("mcp_tool_error", first.Name);
        Assert.NotEqual(ErrorKind.Other, first);
    }

    [Fact]
    public void BuiltInClasses_KeepTheNamesResultsFilesHaveAlwaysUsed()
    {
        Assert.Equal(
            ["none", "timeout", "connection_refused", "connection_reset", "dns", "tls", "http_4xx", "http_5xx", "protocol", "generator", "other"],
            new[] { ErrorKind.None, ErrorKind.Timeout, ErrorKind.ConnectionRefused, ErrorKind.ConnectionReset, ErrorKind.Dns, ErrorKind.Tls, ErrorKind.Http4xx, ErrorKind.Http5xx, ErrorKind.Protocol, ErrorKind.Generator, ErrorKind.Other }.Select(k => k.ToName()));
        Assert.Equal(ErrorKind.None, default);
        Assert.True(Outcome.Ok().IsSuccess);
    }

    [Theory]
    [InlineData("")]
    [InlineData("McpError")]
    [InlineData("mcp-error")]
    [InlineData("9lives")]
    public void Named_NotSnakeCase_IsRefused(string name)
    {
        var error = Assert.Throws<ArgumentException>(() => ErrorKind.Named(name));

        Assert.Contains("snake_case", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Record_AClassAProtocolNamed_IsCountedUnderItsNameAndMergesIntoTotals()
    {
        var kind = ErrorKind.Named("sql_deadlock");
        var second = new IntervalAccumulator();
        second.Record(100, 100, Outcome.Fail(kind, "deadlock victim"));
        second.Record(100, 100, Outcome.Fail(kind));
        second.Record(100, 100, Outcome.Fail(ErrorKind.Timeout));
        var total = new IntervalAccumulator();

        second.MergeInto(total);

        Assert.Equal(2, total.ErrorsByType()["sql_deadlock"]);
        Assert.Equal(1, total.ErrorsByType()["timeout"]);
        Assert.Equal(3, total.Errors);
    }
}
