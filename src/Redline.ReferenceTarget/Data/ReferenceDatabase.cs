using Microsoft.Data.Sqlite;

namespace Redline.ReferenceTarget.Data;

/// <summary>
/// The deployment's SQLite file: created and seeded on first use, indexed the way the profile
/// says, and deleted on dispose when it was a temporary file made here.
/// </summary>
internal sealed class ReferenceDatabase : IDisposable
{
    /// <summary>The index the optimized profile has and the baseline lacks.</summary>
    public const string EventsIndex = "ix_events_deployment";

    /// <summary>How a temporary database's file name starts; the creating process's id follows, then a dash.</summary>
    public const string TempPrefix = "redline-reference-";

    private readonly bool _owned;

    private ReferenceDatabase(string path, bool owned)
    {
        Path = path;
        _owned = owned;
    }

    /// <summary>The database file.</summary>
    public string Path { get; }

    /// <summary>How many rows of each kind the seed wrote, or found when the file already existed.</summary>
    public SeedCounts Counts { get; private set; } = new(0, 0, 0, 0);

    /// <summary>Opens (creating and seeding when needed) the database for <paramref name="options"/>.</summary>
    public static ReferenceDatabase Open(ReferenceOptions options)
    {
        var owned = options.DatabasePath is null;
        if (owned)
        {
            RemoveOrphans();
        }

        var path = options.DatabasePath
            ?? System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"{TempPrefix}{Environment.ProcessId}-{Guid.NewGuid():N}.db");
        var database = new ReferenceDatabase(System.IO.Path.GetFullPath(path), owned);
        try
        {
            database.Prepare(options);
            return database;
        }
        catch
        {
            database.Dispose();
            throw;
        }
    }

    /// <summary>A connection string; the baseline turns Microsoft.Data.Sqlite's pooling off.</summary>
    public string ConnectionString(bool pooled) => new SqliteConnectionStringBuilder
    {
        DataSource = Path,
        Mode = SqliteOpenMode.ReadWriteCreate,
        Pooling = pooled,
        DefaultTimeout = 30,
    }.ToString();

    /// <summary>The names of the indexes on the events table.</summary>
    public IReadOnlyList<string> EventIndexes()
    {
        using var connection = new SqliteConnection(ConnectionString(pooled: false));
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'events' AND sql IS NOT NULL ORDER BY name";
        using var reader = command.ExecuteReader();
        var names = new List<string>();
        while (reader.Read())
        {
            names.Add(reader.GetString(0));
        }

        return names;
    }

    public void Dispose()
    {
        using (var connection = new SqliteConnection(ConnectionString(pooled: true)))
        {
            SqliteConnection.ClearPool(connection);
        }

        if (!_owned)
        {
            return;
        }

        foreach (var file in new[] { Path, Path + "-wal", Path + "-shm", Path + "-journal" })
        {
            try
            {
                File.Delete(file);
            }
            catch (IOException)
            {
                // A file still open elsewhere is left for the temp folder's own cleaning.
            }
        }
    }

    /// <summary>
    /// Deletes the temporary databases of deployments that were killed outright (their process is
    /// gone, so their own disposal never ran); a file whose process still runs, or that names none, is left.
    /// </summary>
    internal static void RemoveOrphans()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        foreach (var file in Directory.EnumerateFiles(System.IO.Path.GetTempPath(), TempPrefix + "*"))
        {
            var name = System.IO.Path.GetFileName(file.AsSpan())[TempPrefix.Length..];
            var dash = name.IndexOf('-');
            if (dash <= 0 || !int.TryParse(name[..dash], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var pid)
                || Directory.Exists($"/proc/{pid}"))
            {
                continue;
            }

            try
            {
                File.Delete(file);
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                // Another deployment's sweep got there first, or the file is not ours to delete.
            }
        }
    }

    private void Prepare(ReferenceOptions options)
    {
        using var connection = new SqliteConnection(ConnectionString(pooled: false));
        connection.Open();
        Execute(connection, "PRAGMA journal_mode = WAL");
        Execute(connection, Schema.Tables);
        Counts = DatabaseSeeder.SeedIfEmpty(connection, options.Seed);

        // The profiles differ in one index: the baseline's event lookups scan the whole table.
        Execute(connection, options.Profile == Profile.Optimized
            ? $"CREATE INDEX IF NOT EXISTS {EventsIndex} ON events(deployment_id, created_at)"
            : $"DROP INDEX IF EXISTS {EventsIndex}");
        Execute(connection, "ANALYZE");
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}

/// <summary>Row counts of the seeded tables.</summary>
internal sealed record SeedCounts(long Users, long Deployments, long Events, long CacheItems);
