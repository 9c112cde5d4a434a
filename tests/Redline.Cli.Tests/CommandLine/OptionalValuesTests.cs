using Redline.Cli.CommandLine;

namespace Redline.Cli.Tests.CommandLine;

/// <summary><c>--dashboard [ADDR]</c>: the address after a space is the option's, a suite after it stays the suite.</summary>
public sealed class OptionalValuesTests
{
    [Theory]
    [InlineData("run s.yaml --dashboard :0", "run s.yaml --dashboard=:0")]
    [InlineData("run --dashboard 127.0.0.1:5665 s.yaml", "run --dashboard=127.0.0.1:5665 s.yaml")]
    [InlineData("run s.yaml --dashboard [::1]:8080 --quiet", "run s.yaml --dashboard=[::1]:8080 --quiet")]
    [InlineData("run --dashboard s.yaml", "run --dashboard s.yaml")]
    [InlineData("run s.yaml --dashboard --quiet", "run s.yaml --dashboard --quiet")]
    [InlineData("run s.yaml --dashboard=:0", "run s.yaml --dashboard=:0")]
    [InlineData("run s.yaml --dashboard", "run s.yaml --dashboard")]
    public void Join_AnAddressAfterDashboard_IsItsValue(string line, string expected)
    {
        Assert.Equal(expected.Split(' '), OptionalValues.Join(line.Split(' ')));
    }
}
