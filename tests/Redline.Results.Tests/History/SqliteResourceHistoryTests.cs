namespace Redline.Results.Tests.History;

/// <summary>Resource reports and business metrics in SQLite files.</summary>
public sealed class SqliteResourceHistoryTests() : ResourceHistoryContract(new SqliteStoreFactory());
