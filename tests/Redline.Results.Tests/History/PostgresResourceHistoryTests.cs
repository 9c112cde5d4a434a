namespace Redline.Results.Tests.History;

/// <summary>Resource reports and business metrics on a real PostgreSQL server, one schema per test.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresResourceHistoryTests(PostgresServer server) : ResourceHistoryContract(server);
