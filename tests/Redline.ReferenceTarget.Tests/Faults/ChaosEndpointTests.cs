using Redline.ReferenceTarget.Tests.Hosting;

namespace Redline.ReferenceTarget.Tests.Faults;

/// <summary>The service faults a chaos schedule switches at run time through the admin endpoints.</summary>
public sealed class ChaosEndpointTests
{
    [Fact]
    public async Task DatabaseDrop_TwentyPercentThenOff_ThatShareAnswers503AndItsCountsComeBackOnDelete()
    {
        await using var deployment = await RunningDeployment.StartAsync(new ReferenceOptions { Profile = Profile.Optimized, Seed = 5 });

        using (var on = await deployment.Client.PutAsync("/api/admin/faults/database_drop?percent=20", null))
        {
            Assert.Equal(200, (int)on.StatusCode);
        }

        var statuses = new List<int>();
        for (var i = 0; i < 500; i++)
        {
            statuses.Add((await deployment.GetAsync($"/api/deployments/{(i % 200) + 1}")).Status);
        }

        var (_, status) = await deployment.GetAsync("/api/admin/faults");
        using var off = await deployment.Client.DeleteAsync("/api/admin/faults/database_drop");
        using var counts = System.Text.Json.JsonDocument.Parse(await off.Content.ReadAsStringAsync());
        var after = (await deployment.GetAsync("/api/deployments/1")).Status;

        var dropped = statuses.Count(s => s == 503);
        Assert.Equal(statuses.Count, dropped + statuses.Count(s => s == 200));
        Assert.InRange(dropped, 65, 135);
        Assert.Equal(20, status.GetProperty("databaseDrop").GetProperty("percent").GetDouble());
        Assert.Equal(dropped, counts.RootElement.GetProperty("drops").GetInt64());
        Assert.Equal(500, counts.RootElement.GetProperty("sessions").GetInt64());
        Assert.Equal(200, after);
    }

    [Fact]
    public async Task DatabaseDrop_PercentOutOfRange_Answers400()
    {
        await using var deployment = await RunningDeployment.StartAsync(new ReferenceOptions());

        using var response = await deployment.Client.PutAsync("/api/admin/faults/database_drop?percent=120", null);

        Assert.Equal(400, (int)response.StatusCode);
    }

    [Fact]
    public async Task CacheInvalidate_AfterReads_EmptiesTheL1SoTheNextReadGoesToTheDatabase()
    {
        await using var deployment = await RunningDeployment.StartAsync(new ReferenceOptions { Profile = Profile.Optimized });
        await deployment.GetAsync("/api/cache/key-3");
        await deployment.GetAsync("/api/cache/key-4");
        Assert.Equal("l1", (await deployment.GetAsync("/api/cache/key-3")).Body.GetProperty("source").GetString());

        var (status, invalidated) = await deployment.PostAsync("/api/admin/cache/invalidate", null);

        Assert.Equal(200, status);
        Assert.True(invalidated.GetProperty("dropped").GetInt32() >= 2, invalidated.ToString());
        Assert.Equal(1, invalidated.GetProperty("invalidations").GetInt64());
        Assert.Equal("database", (await deployment.GetAsync("/api/cache/key-3")).Body.GetProperty("source").GetString());
        Assert.Equal(1, (await deployment.GetAsync("/api/admin/faults")).Body.GetProperty("cacheInvalidations").GetInt64());
    }
}
