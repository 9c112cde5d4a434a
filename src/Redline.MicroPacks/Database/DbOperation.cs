namespace Redline.MicroPacks.Database;

/// <summary>The seed's database operations, each touching <c>size</c> rows of the scratch tables.</summary>
public enum DbOperation
{
    /// <summary>Inserts <c>size</c> new rows in one transaction, then rolls it back.</summary>
    Insert,

    /// <summary>Reads <c>size</c> rows by a primary-key range, every column.</summary>
    Select,

    /// <summary>Updates <c>size</c> rows by a primary-key range in one transaction, then rolls it back.</summary>
    Update,

    /// <summary>Deletes <c>size</c> rows by a primary-key range in one transaction, then rolls it back.</summary>
    Delete,

    /// <summary>Reads <c>size</c> rows joined with their customers.</summary>
    Join,
}

/// <summary>The names the command line uses for <see cref="DbOperation"/>.</summary>
public static class DbOperations
{
    /// <summary>Every operation by its command-line name, in the seed's order.</summary>
    public static readonly IReadOnlyList<(string Name, DbOperation Operation)> All =
        [("insert", DbOperation.Insert), ("select", DbOperation.Select), ("update", DbOperation.Update), ("delete", DbOperation.Delete), ("join", DbOperation.Join)];
}
