namespace Redline.Results.Tests.History;

/// <summary>Stored judgements in SQLite files.</summary>
public sealed class SqliteJudgementHistoryTests() : JudgementHistoryContract(new SqliteStoreFactory());
