using Redline.Engine;
using Redline.Results.Analysis;

namespace Redline.Results.Tests.Analysis;

public sealed class LeakDetectorTests
{
    private const double Mb = 1024 * 1024;

    private readonly LeakDetector _detector = new();

    [Fact]
    public void Analyze_HundredMbPerHourUnderGcSawtooth_RecoveredWithinTwentyPercentAndCritical()
    {
        var samples = Series(new Random(200), TimeSpan.FromHours(1), t => 300 + (100 * t.TotalHours));

        var verdict = _detector.Analyze(samples);

        Assert.InRange(verdict.Slope!.MbPerHour, 80, 120);
        Assert.True(verdict.Slope.LowerMbPerHour > 0);
        Assert.Equal(RegressionSeverity.Critical, verdict.Severity);
        Assert.Equal(RegressionAction.BlockDeployment, verdict.Action);
        Assert.Equal("critical: memory_leak >50 MB/hour", verdict.Threshold);
        Assert.Equal(12, verdict.WarmUp.TotalMinutes, 0.01);
        Assert.Contains("critical leak", verdict.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void Analyze_GrowsThenLevelsOff_NoLeakBecauseNotSustained()
    {
        // 200 MB of growth in the first 30 minutes (a cache filling up), flat for the next hour.
        var samples = Series(new Random(201), TimeSpan.FromMinutes(90), t => 300 + (200 * Math.Min(t.TotalMinutes, 30) / 30));

        var verdict = _detector.Analyze(samples);

        Assert.False(verdict.IsLeak);
        var sustained = Assert.Single(verdict.Rules, r => r.Rule == "sustained");
        Assert.False(sustained.Fired);
        Assert.Contains("levelled off", sustained.Reason, StringComparison.Ordinal);
        Assert.Contains(verdict.Rules, r => r.Rule == "critical: memory_leak >50 MB/hour" && !r.Fired);
    }

    [Fact]
    public void Analyze_SaturatingGrowth_NoLeak()
    {
        // Exponential approach to a plateau: growth never stops entirely, but it dies down.
        var samples = Series(new Random(202), TimeSpan.FromMinutes(90), t => 300 + (200 * (1 - Math.Exp(-t.TotalMinutes / 15))));

        var verdict = _detector.Analyze(samples);

        Assert.False(verdict.IsLeak);
        Assert.False(verdict.Rules.Single(r => r.Rule == "sustained").Fired);
    }

    [Fact]
    public void Analyze_FlatNoisySeries_NoLeak()
    {
        var samples = Series(new Random(203), TimeSpan.FromHours(1), _ => 300);

        var verdict = _detector.Analyze(samples);

        Assert.False(verdict.IsLeak);
        Assert.InRange(verdict.Slope!.MbPerHour, -10, 10);
    }

    [Fact]
    public void Analyze_SlowSustainedLeak_NoticeAsAnyMinorDegradation()
    {
        var samples = Series(new Random(204), TimeSpan.FromHours(2), t => 300 + (20 * t.TotalHours));

        var verdict = _detector.Analyze(samples);

        Assert.Equal(RegressionSeverity.Notice, verdict.Severity);
        Assert.Equal("notice: minor_degradation any", verdict.Threshold);
        Assert.Contains(verdict.Rules, r => r.Rule == "critical: memory_leak >50 MB/hour" && !r.Fired);
        Assert.Contains(verdict.Rules, r => r.Rule == "warning" && r.Reason == "warning has no memory_leak threshold");
    }

    [Fact]
    public void Analyze_TooFewSamples_NotJudged()
    {
        var samples = Enumerable.Range(0, 10).Select(i => new MemorySample(i, (300 + i) * Mb)).ToList();

        var verdict = _detector.Analyze(samples);

        Assert.False(verdict.IsLeak);
        Assert.Null(verdict.Slope);
        Assert.Contains("too few samples", verdict.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void Analyze_ResourceSamples_UsesRssOfLiveSamplesAndExplicitWarmUp()
    {
        var detectorWithWarmUp = new LeakDetector(RegressionThresholds.Default, new LeakDetectorOptions { WarmUp = TimeSpan.FromMinutes(1) });
        var resources = Series(new Random(205), TimeSpan.FromMinutes(30), t => 300 + (120 * t.TotalHours))
            .Select(s => new ResourceSample(TimeSpan.FromSeconds(s.Seconds), 10, (long)s.Bytes, Alive: true))
            .Append(new ResourceSample(TimeSpan.FromMinutes(31), 0, 0, Alive: false))
            .ToList();

        var verdict = detectorWithWarmUp.Analyze(resources);

        Assert.Equal("memory_rss", verdict.Metric);
        Assert.Equal(TimeSpan.FromMinutes(1), verdict.WarmUp);
        Assert.InRange(verdict.Slope!.MbPerHour, 96, 144);
        Assert.Equal(RegressionSeverity.Critical, verdict.Severity);
    }

    /// <summary>
    /// One sample a second of <paramref name="trend"/> (MB) plus a GC sawtooth (the heap climbs
    /// 30-60 MB over 20-60 s, then a collection drops it) plus 1 MB of noise.
    /// </summary>
    internal static List<MemorySample> Series(Random random, TimeSpan length, Func<TimeSpan, double> trend)
    {
        var samples = new List<MemorySample>();
        double sinceGc = 0, period = 40, height = 45;
        for (var second = 0; second <= length.TotalSeconds; second++)
        {
            if (sinceGc >= period)
            {
                sinceGc = 0;
                period = 20 + (40 * random.NextDouble());
                height = 30 + (30 * random.NextDouble());
            }

            var sawtooth = height * sinceGc / period;
            var megabytes = trend(TimeSpan.FromSeconds(second)) + sawtooth + Synthetic.Gaussian(random);
            samples.Add(new MemorySample(second, megabytes * Mb));
            sinceGc++;
        }

        return samples;
    }
}
