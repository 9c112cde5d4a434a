using Redline.Engine;

namespace Redline.Results.Tests.Micro;

/// <summary>The fixture files (see Fixtures/README.md for how each was made) and a scratch folder for broken ones.</summary>
internal sealed class MicroFixtures : IDisposable
{
    private readonly string _scratch = Path.Combine(Path.GetTempPath(), "redline-micro-" + Guid.NewGuid().ToString("N")[..12]);

    public static string PathOf(string name) => Path.Combine(AppContext.BaseDirectory, "Micro", "Fixtures", name);

    /// <summary>Writes <paramref name="text"/> to a new file named <paramref name="name"/> and returns its path.</summary>
    public string Write(string name, string text)
    {
        Directory.CreateDirectory(_scratch);
        var path = Path.Combine(_scratch, name);
        File.WriteAllText(path, text);
        return path;
    }

    public void Dispose()
    {
        if (Directory.Exists(_scratch))
        {
            Directory.Delete(_scratch, recursive: true);
        }
    }

    public static MicroBenchmark Single(IEnumerable<MicroBenchmark> benchmarks, string id) =>
        Assert.Single(benchmarks, b => b.Id == id);

    public static MicroMetric Metric(MicroBenchmark benchmark, string name) =>
        benchmark.Metric(name) ?? throw new Xunit.Sdk.XunitException($"{benchmark.Id} has no {name}; it has {string.Join(", ", benchmark.Metrics.Select(m => m.Name))}");
}
