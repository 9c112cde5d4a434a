using Microsoft.Data.Sqlite;

namespace Redline.ReferenceTarget.Data;

/// <summary>A deployment as <c>GET /api/deployments/{id}</c> returns it.</summary>
internal sealed record DeploymentRow(long Id, string Name, string Service, string Version, string Environment, string Status, string Owner, string CreatedAt);

/// <summary>One event of a deployment, joined with the deployment and its owner.</summary>
internal sealed record EventRow(long Id, string Kind, string Message, string CreatedAt, string Deployment, string Service, string Owner);

/// <summary>What <c>POST /api/deployments</c> asks to create.</summary>
internal sealed record NewDeployment(string Name, string Service, string Version, string Environment, string Owner);

/// <summary>The deployment queries: one row, a join, an insert.</summary>
internal sealed class DeploymentStore(SqlSessions sessions, TimeProvider time)
{
    /// <summary>The most events one request returns.</summary>
    public const int EventLimit = 50;

    private const string SelectOne = """
        SELECT d.id, d.name, d.service, d.version, d.environment, d.status, u.name, d.created_at
        FROM deployments d JOIN users u ON u.id = d.owner_id
        WHERE d.id = $id
        """;

    private const string SelectEvents = """
        SELECT e.id, e.kind, e.message, e.created_at, d.name, d.service, u.name
        FROM events e
        JOIN deployments d ON d.id = e.deployment_id
        JOIN users u ON u.id = d.owner_id
        WHERE e.deployment_id = $id
        ORDER BY e.created_at DESC
        LIMIT $limit
        """;

    private const string InsertDeployment = """
        INSERT INTO deployments (name, service, version, environment, status, owner_id, created_at)
        VALUES ($name, $service, $version, $environment, 'pending', (SELECT id FROM users WHERE name = $owner), $at)
        RETURNING id
        """;

    private const string InsertEvent = """
        INSERT INTO events (deployment_id, kind, message, created_at) VALUES ($id, 'created', $message, $at)
        """;

    public Task<DeploymentRow?> FindAsync(long id, CancellationToken cancellationToken) => sessions.UseAsync(session =>
    {
        using var reader = session.Command(SelectOne, ("$id", id)).ExecuteReader();
        return reader.Read() ? ReadDeployment(reader) : null;
    }, cancellationToken);

    /// <summary>The latest events of deployment <paramref name="id"/>; without the index this scans every event.</summary>
    public Task<IReadOnlyList<EventRow>> EventsAsync(long id, CancellationToken cancellationToken) => sessions.UseAsync<IReadOnlyList<EventRow>>(session =>
    {
        using var reader = session.Command(SelectEvents, ("$id", id), ("$limit", EventLimit)).ExecuteReader();
        var events = new List<EventRow>();
        while (reader.Read())
        {
            events.Add(new EventRow(reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4), reader.GetString(5), reader.GetString(6)));
        }

        return events;
    }, cancellationToken);

    /// <summary>Inserts a pending deployment and its "created" event in one transaction; null when the owner is unknown.</summary>
    public Task<DeploymentRow?> InsertAsync(NewDeployment deployment, CancellationToken cancellationToken) => sessions.UseAsync(session =>
    {
        var at = DatabaseSeeder.Timestamp(time.GetUtcNow());
        try
        {
            var id = session.InTransaction(() =>
            {
                var newId = (long)session.Command(InsertDeployment,
                    ("$name", deployment.Name), ("$service", deployment.Service), ("$version", deployment.Version),
                    ("$environment", deployment.Environment), ("$owner", deployment.Owner), ("$at", at)).ExecuteScalar()!;
                session.Command(InsertEvent, ("$id", newId), ("$message", $"created {deployment.Name} ({deployment.Version})"), ("$at", at)).ExecuteNonQuery();
                return newId;
            });
            return new DeploymentRow(id, deployment.Name, deployment.Service, deployment.Version, deployment.Environment, "pending", deployment.Owner, at);
        }
        catch (SqliteException e) when (e.SqliteErrorCode == 19)
        {
            // SQLITE_CONSTRAINT: the owner subquery found nobody, so owner_id was NULL.
            return null;
        }
    }, cancellationToken);

    private static DeploymentRow ReadDeployment(SqliteDataReader reader) => new(
        reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetString(3),
        reader.GetString(4), reader.GetString(5), reader.GetString(6), reader.GetString(7));
}
