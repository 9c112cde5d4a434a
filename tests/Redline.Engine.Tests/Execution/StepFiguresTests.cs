using System.Text.Json;

namespace Redline.Engine.Tests.Execution;

/// <summary>A multi-step component's steps are measured, streamed, folded and judged by name, as components are.</summary>
public sealed class StepFiguresTests
{
    // Three steps: login always works, query fails every third iteration, fetch then does not run.
    private static readonly Step ThreeSteps = async (context, token) =>
    {
        context.RecordStep(0, TimeSpan.FromMilliseconds(2), Outcome.Ok(200));
        await Task.Delay(TimeSpan.FromMilliseconds(3), token);
        if (context.Iteration % 3 == 2)
        {
            var failed = Outcome.Fail(ErrorKind.Http5xx, "query: status 503", 503);
            context.RecordStep(1, TimeSpan.FromMilliseconds(5), failed);
            context.SkipStep(2);
            return failed;
        }

        context.RecordStep(1, TimeSpan.FromMilliseconds(5), Outcome.Ok(200));
        context.RecordStep(2, TimeSpan.FromMilliseconds(40), Outcome.Ok(201));
        return Outcome.Ok(201);
    };

    private static ScenarioPlan Plan(params Criterion[] criteria) => new()
    {
        Name = "flows",
        Components = [new ComponentPlan("shop", ThreeSteps) { StepNames = ["login", "query", "fetch"] }, new ComponentPlan("home", (_, _) => ValueTask.FromResult(Outcome.Ok(200)))],
        Load = new ClosedLoad(UserSchedule.Constant(2, TimeSpan.FromSeconds(2)), TimeSpan.FromMilliseconds(5)),
        Criteria = criteria,
    };

    [Fact]
    public async Task RunAsync_ThreeStepComponent_CountsEachStepItsErrorsAndItsSkips()
    {
        var result = await ScenarioRunner.RunAsync(Plan(), new RunOptions { GeneratorCpuSampler = () => 0 });

        var shop = result.Components.Single(c => c.Name == "shop");
        var (login, query, fetch) = (shop.Steps[0], shop.Steps[1], shop.Steps[2]);
        Assert.Equal(["login", "query", "fetch"], shop.Steps.Select(s => s.Name));
        Assert.True(shop.Measures.Requests >= 9, $"{shop.Measures.Requests} iterations");
        Assert.Equal(shop.Measures.Requests, login.Measures.Requests);
        Assert.Equal(shop.Measures.Requests, query.Measures.Requests);
        Assert.Equal(shop.Measures.Errors, query.Measures.Errors);
        Assert.Equal(query.Measures.Errors, fetch.Skipped);
        Assert.Equal(shop.Measures.Requests, fetch.Measures.Requests + fetch.Skipped);
        Assert.Equal(0, login.Measures.Errors + fetch.Measures.Errors + login.Skipped + query.Skipped);
        Assert.Equal(query.Measures.Errors, query.Measures.ErrorsByType["http_5xx"]);
        Assert.Equal(fetch.Measures.Requests, fetch.Measures.StatusCodes["201"]);
        Assert.InRange(fetch.Measures.Latency.P50, 39.9, 40.1);
        Assert.InRange(login.Measures.Latency.P50, 1.99, 2.01);
        Assert.Contains("http_5xx: query: status 503", query.ErrorSamples);
        Assert.Empty(result.Components.Single(c => c.Name == "home").Steps);
        Assert.All(result.Timeline, p => Assert.Equal(
            p.Components[0].Requests,
            p.Components[0].Steps[2].Requests + p.Components[0].Steps[2].Skipped));
    }

    [Fact]
    public async Task RunAsync_CriteriaOnSteps_JudgeEachStepByItsOwnFigures()
    {
        var passes = Criterion.TryParse("shop.login.response_time_p95", "<20ms", out _)!;
        var fails = Criterion.TryParse("shop.fetch.response_time_p50", "<20ms", out _)!;
        var errors = Criterion.TryParse("shop.query.error_rate", "<1%", out _)!;

        var result = await ScenarioRunner.RunAsync(Plan(passes, fails, errors), new RunOptions { GeneratorCpuSampler = () => 0 });

        Assert.Equal([true, false, false], result.Criteria.Select(c => c.Passed));
        Assert.InRange(result.Criteria[1].Actual!.Value, 39.9, 40.1);
        Assert.Equal(Verdict.Failed, result.Verdict);
    }

    [Fact]
    public async Task Rebuild_IntervalFileOfAFlow_GivesTheSameStepFigures()
    {
        var folder = Directory.CreateTempSubdirectory("redline-steps-");
        try
        {
            var path = Path.Combine(folder.FullName, "intervals.ndjson");
            RunResult run;
            using (var file = new IntervalFileSink(path))
            {
                run = await ScenarioRunner.RunAllAsync("suite", [Plan()], new RunOptions { Sinks = [file], GeneratorCpuSampler = () => 0, TimelineHistograms = false });
            }

            var rebuilt = IntervalFileReader.Rebuild(path, null);

            var original = run.Scenarios[0].Components[0];
            var again = rebuilt.Scenarios[0].Components[0];
            Assert.Equal(3, again.Steps.Count);
            Assert.Equal(JsonSerializer.Serialize(original.Steps), JsonSerializer.Serialize(again.Steps));
            Assert.Contains("\"steps\":[{\"name\":\"login\"", await File.ReadAllTextAsync(path), StringComparison.Ordinal);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }
}
