namespace Redline.Results.Tests.History;

/// <summary>Retention and rollups on a real PostgreSQL server, one schema per test.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresRetentionTests(PostgresServer server) : RetentionContract(server);
