namespace Redline.Results.Tests.History;

/// <summary>The history store contract on a real PostgreSQL server, one schema per test.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresHistoryStoreTests(PostgresServer server) : HistoryStoreContract(server);
