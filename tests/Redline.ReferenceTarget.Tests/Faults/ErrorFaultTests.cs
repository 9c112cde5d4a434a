using Redline.ReferenceTarget.Faults;
using Redline.ReferenceTarget.Tests.Hosting;

namespace Redline.ReferenceTarget.Tests.Faults;

public sealed class ErrorFaultTests
{
    [Fact]
    public async Task ErrorRate2Percent_2000Requests_AnswersThatShareWith500()
    {
        await using var deployment = await RunningDeployment.StartAsync(new ReferenceOptions { Profile = Profile.Optimized, ErrorRatePercent = 2, Seed = 11 });
        var statuses = new int[2000];

        await Parallel.ForAsync(0, statuses.Length, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, cancellationToken) =>
        {
            using var response = await deployment.Client.GetAsync($"/api/cache/key-{i % 100}", cancellationToken);
            statuses[i] = (int)response.StatusCode;
        });

        var failed = statuses.Count(s => s == 500);
        Assert.Equal(statuses.Length, failed + statuses.Count(s => s == 200));
        Assert.InRange(100.0 * failed / statuses.Length, 1, 3);
    }

    [Fact]
    public async Task ErrorRate_HealthEndpoint_StaysHonest()
    {
        await using var deployment = await RunningDeployment.StartAsync(new ReferenceOptions { ErrorRatePercent = 50 });

        var statuses = new List<int>();
        for (var i = 0; i < 40; i++)
        {
            statuses.Add((await deployment.GetAsync("/health")).Status);
        }

        var (failedStatus, failedBody) = await FirstFailureAsync(deployment);

        Assert.All(statuses, s => Assert.Equal(200, s));
        Assert.Equal(500, failedStatus);
        Assert.Contains("injected", failedBody.GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void ShouldFail_SameSeed_SameSequence()
    {
        var options = new ReferenceOptions { ErrorRatePercent = 10, Seed = 3 };
        var first = new ErrorFault(options);
        var second = new ErrorFault(options);

        var a = Enumerable.Range(0, 500).Select(_ => first.ShouldFail()).ToList();
        var b = Enumerable.Range(0, 500).Select(_ => second.ShouldFail()).ToList();

        Assert.Equal(a, b);
        Assert.InRange(a.Count(f => f), 25, 75);
    }

    [Fact]
    public void ShouldFail_ZeroRate_NeverFails()
    {
        var fault = new ErrorFault(new ReferenceOptions());

        Assert.DoesNotContain(true, Enumerable.Range(0, 1000).Select(_ => fault.ShouldFail()));
    }

    private static async Task<(int, System.Text.Json.JsonElement)> FirstFailureAsync(RunningDeployment deployment)
    {
        for (var i = 0; i < 50; i++)
        {
            var (status, body) = await deployment.GetAsync("/api/cache/key-1");
            if (status == 500)
            {
                return (status, body);
            }
        }

        return (0, default);
    }
}
