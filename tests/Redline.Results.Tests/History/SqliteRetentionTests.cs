namespace Redline.Results.Tests.History;

/// <summary>Retention and rollups on SQLite files.</summary>
public sealed class SqliteRetentionTests() : RetentionContract(new SqliteStoreFactory());
