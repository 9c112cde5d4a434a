using Redline.ReferenceTarget.Data;

namespace Redline.ReferenceTarget.Tests.Data;

public sealed class ReferenceDatabaseTests : IDisposable
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"redline-reference-test-{Guid.NewGuid():N}.db");

    [Fact]
    public void Open_NewFile_SeedsUsersDeploymentsEventsAndCacheItems()
    {
        using var database = ReferenceDatabase.Open(new ReferenceOptions { DatabasePath = _path });

        Assert.Equal(new SeedCounts(101, DatabaseSeeder.Deployments, DatabaseSeeder.Events, DatabaseSeeder.CacheItems), database.Counts);
    }

    [Fact]
    public void Open_EachProfile_IndexesEventsOnlyWhenOptimized()
    {
        using (var optimized = ReferenceDatabase.Open(new ReferenceOptions { Profile = Profile.Optimized, DatabasePath = _path }))
        {
            Assert.Contains(ReferenceDatabase.EventsIndex, optimized.EventIndexes());
        }

        // The same file opened as the baseline loses the index again, and is not seeded twice.
        using var baseline = ReferenceDatabase.Open(new ReferenceOptions { Profile = Profile.Baseline, DatabasePath = _path });
        Assert.DoesNotContain(ReferenceDatabase.EventsIndex, baseline.EventIndexes());
        Assert.Equal(DatabaseSeeder.Deployments, baseline.Counts.Deployments);
    }

    [Fact]
    public void Dispose_TemporaryFile_IsDeleted()
    {
        var database = ReferenceDatabase.Open(new ReferenceOptions());
        var path = database.Path;
        Assert.True(File.Exists(path));

        database.Dispose();

        Assert.False(File.Exists(path));
        Assert.False(File.Exists(path + "-wal"));
    }

    [Fact]
    public void Dispose_GivenFile_IsKept()
    {
        ReferenceDatabase.Open(new ReferenceOptions { DatabasePath = _path }).Dispose();

        Assert.True(File.Exists(_path));
    }

    public void Dispose()
    {
        foreach (var file in new[] { _path, _path + "-wal", _path + "-shm" })
        {
            File.Delete(file);
        }
    }
}
