using Redline.Cli.Gate;

namespace Redline.Cli.Tests.Gate;

/// <summary>The baseline search's git runner against a real git in a real temporary repository.</summary>
public sealed class GitTests : IDisposable
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("redline-git-");

    [Fact]
    public void Run_InsideARepository_ReturnsTheTrimmedOutput()
    {
        Assert.NotNull(Git.Run(_directory.FullName, "init --quiet"));

        var inside = Git.Run(_directory.FullName, "rev-parse --is-inside-work-tree");

        Assert.Equal("true", inside);
    }

    [Fact]
    public void Run_CommandThatFails_ReturnsNull()
    {
        Assert.NotNull(Git.Run(_directory.FullName, "init --quiet"));

        // A new repository has no commit yet, so HEAD names nothing.
        var head = Git.Run(_directory.FullName, "rev-parse --verify HEAD");

        Assert.Null(head);
    }

    public void Dispose() => _directory.Delete(recursive: true);
}
