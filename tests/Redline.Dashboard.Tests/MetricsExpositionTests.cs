using System.Globalization;
using System.Text.RegularExpressions;

using Redline.Testing;

namespace Redline.Dashboard.Tests;

/// <summary>/metrics: Prometheus's text format and naming rules, histogram buckets that histogram_quantile can read, bounded labels.</summary>
public sealed partial class MetricsExpositionTests
{
    [Fact]
    public async Task Write_ARunWithErrorsAndManyComponents_IsCleanUnderPromtoolCheckMetrics()
    {
        var state = Fed(components: 5);

        var text = MetricsExposition.Write(state);
        var (exit, output) = await Promtool.RunAsync(text, "check", "metrics");

        Assert.True(exit == 0 && output.Trim().Length == 0, $"promtool check metrics exited {exit}:\n{output}\n---\n{text}");
    }

    [Fact]
    public void Write_LatencyHistogram_IsCumulativeEndsWithInfEqualToCountAndSumsInSeconds()
    {
        var state = Fed(components: 1);

        var samples = Samples(MetricsExposition.Write(state));
        var buckets = samples.Where(s => s.Name == "redline_request_duration_seconds_bucket" && s.Labels.Contains("component=\"c0\"", StringComparison.Ordinal)).ToList();
        Assert.Equal(16, buckets.Count);
        Assert.True(buckets.Zip(buckets.Skip(1)).All(p => p.First.Value <= p.Second.Value), "buckets must not decrease");
        Assert.Contains("le=\"+Inf\"", buckets[^1].Labels, StringComparison.Ordinal);
        var count = samples.Single(s => s.Name == "redline_request_duration_seconds_count" && s.Labels.Contains("component=\"c0\"", StringComparison.Ordinal)).Value;
        Assert.Equal(count, buckets[^1].Value);
        // Two seconds of 4 × 10 ms and 1 × 100 ms each: 10 requests, 8 of them within 10 ms, all within 100 ms; 0.28 s in all.
        Assert.Equal(10, count);
        Assert.Equal(8, buckets.Single(b => b.Labels.Contains("le=\"0.01\"", StringComparison.Ordinal)).Value);
        Assert.Equal(10, buckets.Single(b => b.Labels.Contains("le=\"0.1\"", StringComparison.Ordinal)).Value);
        var sum = samples.Single(s => s.Name == "redline_request_duration_seconds_sum" && s.Labels.Contains("component=\"c0\"", StringComparison.Ordinal)).Value;
        Assert.InRange(sum, 0.2797, 0.2806);
    }

    [Fact]
    public void Write_RequestsByStatusAndErrors_CountEveryCompletedRequest()
    {
        var state = Fed(components: 1);

        var samples = Samples(MetricsExposition.Write(state));
        var requests = samples.Where(s => s.Name == "redline_requests_total").ToList();
        Assert.Equal(8, requests.Single(s => s.Labels.Contains("status=\"200\"", StringComparison.Ordinal)).Value);
        Assert.Equal(2, requests.Single(s => s.Labels.Contains("status=\"503\"", StringComparison.Ordinal)).Value);
        Assert.Equal(2, samples.Single(s => s.Name == "redline_request_errors_total").Value);
        Assert.Contains("suite=\"suite-a\"", requests[0].Labels, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_MoreComponentsThanTheLimit_FoldsTheRestIntoOther()
    {
        var state = Fed(components: LiveState.MaxComponents + 30);

        var samples = Samples(MetricsExposition.Write(state));
        var series = samples.Where(s => s.Name == "redline_request_duration_seconds_count").ToList();
        Assert.Equal(LiveState.MaxComponents, series.Count);
        var other = series.Single(s => s.Labels.Contains("component=\"other\"", StringComparison.Ordinal));
        Assert.Equal(31 * 10, other.Value);
    }

    [Fact]
    public void Escape_QuotesBackslashesAndNewLines_AsTheFormatAsks()
    {
        Assert.Equal("a\\\"b\\\\c\\nd", MetricsExposition.Escape("a\"b\\c\nd"));
    }

    /// <summary>Two seconds of a scenario whose components each answered 4 × 10 ms (200) and 1 × 100 ms (503) a second.</summary>
    private static LiveState Fed(int components)
    {
        var names = Enumerable.Range(0, components).Select(i => $"c{i}").ToArray();
        var state = new LiveState();
        state.Start(Stream.Start("steady", names));
        for (var second = 0; second < 2; second++)
        {
            state.Second(Stream.Second("steady", second, [.. names.Select(n => (n, new double[] { 10, 10, 10, 10, 100 }, 1))]));
        }

        return state;
    }

    private static List<(string Name, string Labels, double Value)> Samples(string text) =>
        [.. text.Split('\n').Where(l => l.Length > 0 && l[0] != '#').Select(l => SampleLine().Match(l)).Select(m =>
            (m.Groups["name"].Value, m.Groups["labels"].Value, m.Groups["value"].Value == "+Inf" ? double.PositiveInfinity : double.Parse(m.Groups["value"].Value, CultureInfo.InvariantCulture)))];

    [GeneratedRegex(@"^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?<labels>.*)\})? (?<value>\S+)$")]
    private static partial Regex SampleLine();
}
