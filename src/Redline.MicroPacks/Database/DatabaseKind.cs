namespace Redline.MicroPacks.Database;

/// <summary>The databases the database pack runs against.</summary>
public enum DatabaseKind
{
    /// <summary>A SQLite file.</summary>
    Sqlite,

    /// <summary>A PostgreSQL server, by an Npgsql connection string.</summary>
    Postgres,
}
