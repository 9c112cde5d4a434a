using Redline.Cli.Suites;

namespace Redline.Cli.Tests.Suites;

/// <summary>Writes suite text to a file in a fresh temporary folder and loads it the way the CLI does.</summary>
internal sealed class TempSuite : IDisposable
{
    public TempSuite(string yaml, string fileName = "suite.yaml")
    {
        Directory = Path.Combine(Path.GetTempPath(), "redline-suite-" + Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(Directory);
        FilePath = Path.Combine(Directory, fileName);
        File.WriteAllText(FilePath, yaml.ReplaceLineEndings("\n"));
    }

    public string Directory { get; }

    public string FilePath { get; }

    public static SuiteLoadResult Load(string yaml)
    {
        using var file = new TempSuite(yaml);
        return SuiteLoader.Load(file.FilePath);
    }

    public void Dispose() => System.IO.Directory.Delete(Directory, recursive: true);
}
