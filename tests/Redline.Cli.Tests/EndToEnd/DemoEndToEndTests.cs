using System.Text.Json;

namespace Redline.Cli.Tests.EndToEnd;

/// <summary><c>redline demo</c> from start to table, as a newcomer runs it.</summary>
[Collection(EndToEndCollection.Name)]
public sealed class DemoEndToEndTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("redline-demo-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Demo_FiveSeconds_PrintsTheTableWritesMarkdownAndShowsTheOptimizedExpertsFaster()
    {
        var (code, stdout, stderr) = await RedlineProcess.RunAsync(TimeSpan.FromMinutes(3), "demo", "--duration", "5s", "--out", _dir, "--quiet");

        Assert.True(code == 0, $"exit {code}\n{stdout}\n{stderr}");
        foreach (var component in new[] { "circle_of_experts", "mcp_server", "authentication", "database", "cache" })
        {
            Assert.Contains(component, stdout, StringComparison.Ordinal);
        }

        Assert.DoesNotContain("admin", stdout, StringComparison.Ordinal);

        Assert.Contains("x faster", stdout, StringComparison.Ordinal);
        var markdown = File.ReadAllText(Path.Combine(_dir, "demo.md"));
        Assert.Contains("| component | seed baseline | seed target | measured baseline | req/s | measured optimized | req/s | improvement | target met |", markdown, StringComparison.Ordinal);
        Assert.Matches(@"\| cache \| 2\.0 / 5\.0 / 12 \| 0\.5 / 1\.5 / 3\.0 \| [0-9.]+ / [0-9.]+ / [0-9.]+ \| [0-9.]+ \|", markdown);
        Assert.Contains("| circle_of_experts | 2500 / 4800 / 8500 | 800 / 1500 / 2500 |", markdown, StringComparison.Ordinal);
        Assert.Contains("the reference deployment's resources", stdout, StringComparison.Ordinal);
        Assert.Matches(@"\| GC heap peak \| [0-9.]+ [KMG]?B \| [0-9.]+ [KMG]?B \|", markdown);
        Assert.Matches(@"\| CPU mean \(100% = one core\) \| [0-9.]+% \| [0-9.]+% \|", markdown);

        double ExpertsP50(string profile)
        {
            using var results = JsonDocument.Parse(File.ReadAllText(Path.Combine(_dir, profile, "results.json")));
            var components = results.RootElement.GetProperty("scenarios")[0].GetProperty("components");
            var experts = components.EnumerateArray().Single(c => c.GetProperty("name").GetString() == "circle_of_experts");
            Assert.True(experts.GetProperty("requests").GetInt64() > 0, $"{profile}: no expert queries completed");
            return experts.GetProperty("latency_ms").GetProperty("p50").GetDouble();
        }

        Assert.True(ExpertsP50("optimized") < ExpertsP50("baseline") / 2, $"baseline {ExpertsP50("baseline")} ms, optimized {ExpertsP50("optimized")} ms");
    }
}
