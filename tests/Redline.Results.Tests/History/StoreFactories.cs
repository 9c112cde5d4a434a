namespace Redline.Results.Tests.History;

/// <summary>Makes an empty store for one test and removes it after: an SQLite file, or a PostgreSQL schema.</summary>
public interface IStoreFactory
{
    /// <summary>What <c>--store</c> would say to reach a new, empty store.</summary>
    Task<string> CreateAsync();

    /// <summary>Removes the store made by <see cref="CreateAsync"/>.</summary>
    Task DeleteAsync(string store);
}

/// <summary>Each store is a file in its own temporary directory.</summary>
public sealed class SqliteStoreFactory : IStoreFactory
{
    public Task<string> CreateAsync()
    {
        var directory = Directory.CreateTempSubdirectory("redline-history-");
        return Task.FromResult("sqlite:" + Path.Combine(directory.FullName, "history.db"));
    }

    public Task DeleteAsync(string store)
    {
        var directory = Path.GetDirectoryName(store["sqlite:".Length..]);
        if (directory is not null && Directory.Exists(directory))
        {
            Directory.Delete(directory, recursive: true);
        }

        return Task.CompletedTask;
    }
}
