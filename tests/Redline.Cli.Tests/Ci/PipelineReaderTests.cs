using Redline.Cli.Suites;
using Redline.Cli.Tests.Suites;

namespace Redline.Cli.Tests.Ci;

/// <summary>A suite's <c>pipeline:</c> and <c>retention:</c> sections, read and checked where they are written.</summary>
public sealed class PipelineReaderTests
{
    private const string Head = """
        suite: shop
        target: { base_url: http://127.0.0.1:5080 }
        components:
          api: { request: { method: GET, path: / } }
        scenarios:
          smoke: { load: { model: open, rate: 10/s, duration: 5s } }
          soak: { load: { model: open, rate: 10/s, duration: 1h } }

        """;

    [Fact]
    public void Read_SeedsPipeline_MapsEachTriggerToItsTests()
    {
        var loaded = TempSuite.Load(Head + """
            pipeline:
              triggers:
                - { on: push_to_main, tests: [micro_benchmarks, smoke] }
                - { on: pull_request, tests: [smoke_tests] }
                - { on: nightly, tests: [full_suite] }
              tests:
                smoke_tests: { scenarios: [smoke], duration: 3s, scale: 0.5, paths: ["src/**"] }
                micro_benchmarks: { bench: bench/Micro, args: [--filter, "*"] }
              preflight: { cpu_idle: 70%, memory_available: 512MiB, disk_space: 2GB }
              stability: { widen_above: 4%, fail_above: 25% }
            retention: { raw_data: 2 days, aggregated_hourly: 2 weeks, aggregated_daily: 1 year, regression_reports: permanent }
            """);

        Assert.Empty(loaded.Errors);
        var pipeline = loaded.Suite!.Pipeline!;
        Assert.Equal(["micro_benchmarks", "smoke"], pipeline.Triggers["push"]);
        Assert.Equal(["full_suite"], pipeline.Triggers["nightly"]);
        Assert.False(pipeline.Triggers.ContainsKey("weekly"));
        var smoke = pipeline.Tests["smoke_tests"];
        Assert.Equal(["smoke"], smoke.Scenarios);
        Assert.Equal(["src/**"], smoke.Paths);
        Assert.Equal((TimeSpan.FromSeconds(3), 0.5), (smoke.Duration, smoke.Scale));
        Assert.EndsWith(Path.Combine("bench", "Micro"), pipeline.Tests["micro_benchmarks"].Bench, StringComparison.Ordinal);
        Assert.Equal(new PreflightLimits(70, 512L << 20, 2_000_000_000), pipeline.Preflight);
        Assert.Equal(new StabilityLimits(4, 25), pipeline.Stability);
        Assert.Equal(new Results.History.RetentionPolicy(TimeSpan.FromDays(2), TimeSpan.FromDays(14), TimeSpan.FromDays(365)), loaded.Suite.Retention);
    }

    [Fact]
    public void Read_NoSections_LeavesTheDefaults()
    {
        var loaded = TempSuite.Load(Head);

        Assert.Empty(loaded.Errors);
        Assert.Null(loaded.Suite!.Pipeline);
        Assert.Null(loaded.Suite.Retention);
    }

    [Theory]
    [InlineData("pipeline:\n  triggers:\n    - { on: pull_request, tests: [smoke_tset] }\n", 10, 35, "no test set or scenario named 'smoke_tset'")]
    [InlineData("pipeline:\n  triggers:\n    - { on: merge, tests: [smoke] }\n", 10, 13, "expected one of")]
    [InlineData("pipeline:\n  triggers:\n    - { on: nightly, tests: [x] }\n  tests:\n    x: { scenarios: [smoke], bench: b }\n", 12, 8, "'scenarios' and 'bench' cannot both be given")]
    [InlineData("pipeline:\n  triggers:\n    - { on: nightly, tests: [x] }\n  tests:\n    x: { scenarios: [smok] }\n", 12, 22, "no scenario named 'smok'")]
    [InlineData("pipeline:\n  triggers:\n    - { on: nightly, tests: [smoke] }\n  stability: { widen_above: 20%, fail_above: 10% }\n", 11, 46, "fail_above must be above widen_above")]
    [InlineData("pipeline:\n  triggers:\n    - { on: nightly, tests: [smoke] }\n  preflight: { disk_space: 2 gigs }\n", 11, 28, "expected an amount such as 512MiB")]
    [InlineData("retention: { raw_data: 30 days, aggregated_hourly: 7 days }\n", 8, 12, "the horizons must grow")]
    [InlineData("retention: { raw_data: a week }\n", 8, 24, "expected a horizon such as 7 days")]
    public void Read_Mistake_IsReportedWhereItIsWritten(string section, int line, int column, string message)
    {
        var loaded = TempSuite.Load(Head + section);

        Assert.Null(loaded.Suite);
        var error = Assert.Single(loaded.Errors);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
        Assert.Equal((line, column), (error.Line, error.Column));
    }
}
