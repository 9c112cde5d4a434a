namespace Redline.Results.Tests.History;

/// <summary>The history store contract on SQLite files.</summary>
public sealed class SqliteHistoryStoreTests() : HistoryStoreContract(new SqliteStoreFactory());
