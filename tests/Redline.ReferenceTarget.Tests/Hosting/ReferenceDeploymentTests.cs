using System.Text.RegularExpressions;

namespace Redline.ReferenceTarget.Tests.Hosting;

public sealed partial class ReferenceDeploymentTests
{
    [Fact]
    public void Build_InvalidOptions_ListsEveryProblem()
    {
        var options = new ReferenceOptions { Port = 70000, LatencyScale = -1, ErrorRatePercent = 120, StallLength = TimeSpan.FromSeconds(5), StallPeriod = TimeSpan.FromSeconds(1), Host = "example.org" };

        var error = Assert.Throws<ArgumentException>(() => ReferenceDeployment.Build(options));

        Assert.Contains("Port", error.Message, StringComparison.Ordinal);
        Assert.Contains("LatencyScale", error.Message, StringComparison.Ordinal);
        Assert.Contains("ErrorRatePercent", error.Message, StringComparison.Ordinal);
        Assert.Contains("StallLength", error.Message, StringComparison.Ordinal);
        Assert.Contains("Host", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_StallLengthWithoutPeriod_IsRejected()
    {
        var options = new ReferenceOptions { Port = 0, StallLength = TimeSpan.FromSeconds(1) };

        var error = Assert.Throws<ArgumentException>(() => ReferenceDeployment.Build(options));

        Assert.Contains("set both or neither", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_UntilCancelled_AnnouncesAddressServesAndStops()
    {
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var output = new AnnouncementWriter();
        var run = ReferenceDeployment.RunAsync(new ReferenceOptions { Profile = Profile.Optimized, Port = 0, LatencyScale = 0 }, output, stop.Token);

        var line = await output.Announced.Task.WaitAsync(TimeSpan.FromSeconds(30));
        var match = AnnouncementPattern().Match(line);
        Assert.True(match.Success, line);
        using (var client = new HttpClient { BaseAddress = new Uri(match.Groups["url"].Value) })
        {
            var health = await client.GetStringAsync("/health");
            Assert.Contains("\"optimized\"", health, StringComparison.Ordinal);
        }

        await stop.CancelAsync();
        await run.WaitAsync(TimeSpan.FromSeconds(15));
        Assert.True(run.IsCompletedSuccessfully);
    }

    [GeneratedRegex(@"^reference deployment \(optimized\) listening on (?<url>http://127\.0\.0\.1:\d+)$")]
    private static partial Regex AnnouncementPattern();

    /// <summary>Captures the first line written, as the CLI's caller reads stdout.</summary>
    private sealed class AnnouncementWriter : StringWriter
    {
        public TaskCompletionSource<string> Announced { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public override Task WriteLineAsync(string? value)
        {
            Announced.TrySetResult(value ?? "");
            return base.WriteLineAsync(value);
        }
    }
}
