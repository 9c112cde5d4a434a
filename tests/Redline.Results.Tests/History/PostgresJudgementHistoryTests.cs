namespace Redline.Results.Tests.History;

/// <summary>Stored judgements on a real PostgreSQL server, one schema per test.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresJudgementHistoryTests(PostgresServer server) : JudgementHistoryContract(server);
