using Redline.Engine;

namespace Redline.Results.Tests.History;

/// <summary>Runs to store: one genuine engine run (shared, made once) and synthetic ones at chosen times.</summary>
internal static class SampleRuns
{
    private static readonly Lazy<Task<RunResult>> Genuine = new(RunEngineAsync);

    /// <summary>A real 2-second open-model run of two in-memory components, with criteria and target samples.</summary>
    public static Task<RunResult> GenuineAsync() => Genuine.Value;

    public static EnvironmentInfo Environment(string fingerprint = "fp-a", string? branch = "main", string? commit = "c0ffee", bool? dirty = false) =>
        new("bench-1", "Linux 6.1", "x64", "Test CPU @ 3.0GHz", 8, 16L << 30, ".NET 10.0.0", "workstation, concurrent", fingerprint, commit, branch, dirty);

    /// <summary>
    /// A run of <paramref name="seconds"/> seconds from <paramref name="start"/> whose components record
    /// <paramref name="perSecond"/> seeded latencies each second, with real histograms, totals and samples.
    /// </summary>
    public static RunResult Synthetic(
        string id,
        DateTimeOffset start,
        int seconds = 5,
        string suite = "shop",
        string scenario = "steady",
        EnvironmentInfo? environment = null,
        int perSecond = 40,
        int seed = 1,
        IReadOnlyList<string>? components = null)
    {
        components ??= ["browse", "buy"];
        var random = new Random(seed);
        var totals = components.ToDictionary(c => c, _ => Histograms.Create());
        var all = Histograms.Create();
        var errors = components.ToDictionary(c => c, _ => 0L);
        var timeline = new List<TimelinePoint>();
        var samples = new List<ResourceSample>();
        for (var second = 0; second < seconds; second++)
        {
            var snapshots = new List<IntervalSnapshot>();
            var merged = Histograms.Create();
            var secondErrors = 0L;
            foreach (var component in components)
            {
                var histogram = Histograms.Create();
                var failed = 0L;
                for (var i = 0; i < perSecond; i++)
                {
                    // Log-normal-ish latencies from ~1 ms to a few hundred ms, so buckets spread.
                    var micros = (long)Math.Exp(7 + (random.NextDouble() * 5));
                    Histograms.RecordMicros(histogram, micros);
                    failed += random.Next(50) == 0 ? 1 : 0;
                }

                snapshots.Add(Snapshot(second, component, histogram, failed));
                totals[component].Add(histogram);
                merged.Add(histogram);
                errors[component] += failed;
                secondErrors += failed;
            }

            all.Add(merged);
            var target = new ResourceSample(TimeSpan.FromSeconds(second + 1), 20 + second, 100_000_000 + (second * 1_000_000L), true);
            samples.Add(target);
            timeline.Add(new TimelinePoint(second, 40, 3, Snapshot(second, null, merged, secondErrors), snapshots, new GeneratorSample(5.5, 0.2, 0.9), target));
        }

        var componentResults = components.Select(c => new ComponentResult(c, Measures(totals[c], errors[c], seconds), errors[c] > 0 ? ["timeout: took too long"] : [])).ToList();
        var result = new ScenarioResult(
            scenario,
            "open",
            "synthetic",
            start,
            TimeSpan.FromSeconds(seconds),
            Verdict.Passed,
            null,
            Measures(all, errors.Values.Sum(), seconds),
            componentResults,
            [new CriterionOutcome("buy.response_time_p99", "<800ms", 123.4, "ms", true), new CriterionOutcome("error_rate", "<1%", null, "%", false, "not measured")],
            new GeneratorReport(5.5, 9, 0.2, 0.9, false, []),
            new TargetReport(25, 30, 3.1, 105_000_000, 102_000_000, samples, null),
            timeline)
        {
            Notes = ["a note"],
        };
        return new RunResult(id, suite, start, start.AddSeconds(seconds), Verdict.Passed, [result], environment ?? Environment());
    }

    private static IntervalSnapshot Snapshot(long second, string? component, HdrHistogram.LongHistogram histogram, long errors) => new(
        second,
        component,
        histogram.TotalCount,
        errors,
        0,
        0,
        0,
        errors > 0 ? new SortedDictionary<string, long> { ["timeout"] = errors } : new SortedDictionary<string, long>(),
        new SortedDictionary<string, long> { ["200"] = histogram.TotalCount - errors },
        LatencyStats.From(histogram),
        LatencyStats.From(histogram),
        Histograms.Encode(histogram),
        Histograms.Encode(histogram));

    private static Measures Measures(HdrHistogram.LongHistogram histogram, long errors, int seconds) => new(
        histogram.TotalCount,
        errors,
        histogram.TotalCount / (double)seconds,
        LatencyStats.From(histogram),
        LatencyStats.From(histogram),
        LatencyStats.Empty,
        LatencyStats.Empty,
        errors > 0 ? new SortedDictionary<string, long> { ["timeout"] = errors } : new SortedDictionary<string, long>(),
        new SortedDictionary<string, long> { ["200"] = histogram.TotalCount - errors },
        0,
        0,
        0,
        0);

    private static async Task<RunResult> RunEngineAsync()
    {
        static ValueTask<Outcome> Browse(StepContext context, CancellationToken token) => Delayed(1, Outcome.Ok(200), token);

        static ValueTask<Outcome> Buy(StepContext context, CancellationToken token) =>
            Delayed(2, context.Iteration % 17 == 0 ? Outcome.Fail(ErrorKind.Http5xx, "503 from payments", 503) : Outcome.Ok(201), token);

        var criterion = Criterion.TryParse("buy.response_time_p99", "<800ms", out var error) ?? throw new InvalidOperationException(error);
        var plan = new ScenarioPlan
        {
            Name = "steady",
            Components = [new ComponentPlan("browse", Browse, 3), new ComponentPlan("buy", Buy, 1)],
            Load = new OpenLoad(RateSchedule.Constant(150, TimeSpan.FromSeconds(2)), ArrivalPattern.Uniform, 200, SaturationPolicy.Wait),
            Criteria = [criterion],
            GracefulStop = TimeSpan.FromSeconds(2),
        };
        var options = new RunOptions
        {
            TargetSampler = elapsed => new ResourceSample(elapsed, 12.5, 50_000_000 + (long)(elapsed.TotalSeconds * 1_000_000), true),
        };
        return await ScenarioRunner.RunAllAsync("shop", [plan], options, Environment());
    }

    private static async ValueTask<Outcome> Delayed(int milliseconds, Outcome outcome, CancellationToken token)
    {
        await Task.Delay(milliseconds, token);
        return outcome;
    }
}
