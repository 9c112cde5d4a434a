using System.Globalization;
using Microsoft.Data.Sqlite;
using Redline.ReferenceTarget.Auth;

namespace Redline.ReferenceTarget.Data;

/// <summary>Writes the seeded rows: users with known passwords, deployments, their events and cache items.</summary>
internal static class DatabaseSeeder
{
    public const int Deployments = 10_000;
    public const int Events = 50_000;
    public const int CacheItems = 1_000;

    public static readonly string[] Services =
    [
        "api-gateway", "expert-router", "mcp-manager", "auth-service", "deploy-engine", "metrics-agent",
        "log-shipper", "cache-tier", "search-index", "billing", "notifier", "scheduler",
    ];

    public static readonly string[] Environments = ["dev", "staging", "production"];

    private static readonly string[] Statuses = ["running", "succeeded", "failed", "rolled_back", "pending"];
    private static readonly string[] EventKinds = ["created", "build_started", "build_finished", "rollout_started", "health_check", "rollout_finished", "rollback", "alert"];

    // Seeded timestamps count from a fixed moment so that a seed always writes the same rows.
    private static readonly DateTimeOffset Epoch = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Seeds an empty database from <paramref name="seed"/>; leaves one that has users alone.</summary>
    public static SeedCounts SeedIfEmpty(SqliteConnection connection, int seed)
    {
        if (Count(connection, "users") == 0)
        {
            var random = new Random(seed);
            using var transaction = connection.BeginTransaction();
            SeedUsers(connection, random);
            SeedDeployments(connection, random);
            SeedEvents(connection, random);
            SeedCacheItems(connection);
            transaction.Commit();
        }

        return new SeedCounts(Count(connection, "users"), Count(connection, "deployments"), Count(connection, "events"), Count(connection, "cache_items"));
    }

    /// <summary>An ISO 8601 UTC timestamp as the tables store it.</summary>
    public static string Timestamp(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static void SeedUsers(SqliteConnection connection, Random random)
    {
        var users = SeededUsers.All().ToArray();
        var salts = users.Select(_ => { var salt = new byte[16]; random.NextBytes(salt); return salt; }).ToArray();
        var hashes = new byte[users.Length][];
        // PBKDF2 is slow on purpose; hashing on every core keeps start-up short.
        Parallel.For(0, users.Length, i => hashes[i] = PasswordHasher.Derive(users[i].Password, salts[i], PasswordHasher.Iterations));

        using var insert = Insert(connection, "INSERT INTO users (id, name, role, salt, hash, iterations, created_at) VALUES ($id, $name, $role, $salt, $hash, $iterations, $at)",
            "$id", "$name", "$role", "$salt", "$hash", "$iterations", "$at");
        for (var i = 0; i < users.Length; i++)
        {
            Run(insert, i + 1, users[i].Name, users[i].Role, salts[i], hashes[i], PasswordHasher.Iterations, Timestamp(Epoch.AddHours(i)));
        }
    }

    private static void SeedDeployments(SqliteConnection connection, Random random)
    {
        var userCount = SeededUsers.NumberedUsers + 1;
        using var insert = Insert(connection, "INSERT INTO deployments (id, name, service, version, environment, status, owner_id, created_at) VALUES ($id, $name, $service, $version, $env, $status, $owner, $at)",
            "$id", "$name", "$service", "$version", "$env", "$status", "$owner", "$at");
        for (var id = 1; id <= Deployments; id++)
        {
            var service = Services[random.Next(Services.Length)];
            var version = string.Create(CultureInfo.InvariantCulture, $"v{random.Next(1, 4)}.{random.Next(0, 20)}.{random.Next(0, 50)}");
            Run(insert, id, string.Create(CultureInfo.InvariantCulture, $"{service}-{id}"), service, version,
                Environments[random.Next(Environments.Length)], Statuses[random.Next(Statuses.Length)],
                random.Next(1, userCount + 1), Timestamp(Epoch.AddMinutes(id * 5)));
        }
    }

    private static void SeedEvents(SqliteConnection connection, Random random)
    {
        using var insert = Insert(connection, "INSERT INTO events (id, deployment_id, kind, message, created_at) VALUES ($id, $deployment, $kind, $message, $at)",
            "$id", "$deployment", "$kind", "$message", "$at");
        for (var id = 1; id <= Events; id++)
        {
            var deployment = random.Next(1, Deployments + 1);
            var kind = EventKinds[random.Next(EventKinds.Length)];
            var message = string.Create(CultureInfo.InvariantCulture, $"{kind.Replace('_', ' ')} for deployment {deployment} on node-{random.Next(1, 64)} after {random.Next(5, 900)} ms");
            Run(insert, id, deployment, kind, message, Timestamp(Epoch.AddMinutes(deployment * 5).AddSeconds(random.Next(0, 86_400))));
        }
    }

    private static void SeedCacheItems(SqliteConnection connection)
    {
        // Each cache item summarises one deployment, as a settings or read-model cache would.
        using var insert = Insert(connection, """
            INSERT INTO cache_items (key, value, updated_at)
            SELECT 'key-' || (id - 1), json_object('deployment', id, 'service', service, 'version', version, 'status', status, 'environment', environment), created_at
            FROM deployments WHERE id <= $count
            """, "$count");
        Run(insert, CacheItems);
    }

    private static SqliteCommand Insert(SqliteConnection connection, string sql, params string[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var name in parameters)
        {
            command.Parameters.Add(new SqliteParameter { ParameterName = name });
        }

        command.Prepare();
        return command;
    }

    private static void Run(SqliteCommand command, params object[] values)
    {
        for (var i = 0; i < values.Length; i++)
        {
            command.Parameters[i].Value = values[i];
        }

        command.ExecuteNonQuery();
    }

    private static long Count(SqliteConnection connection, string table)
    {
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT count(*) FROM {table}";
        return (long)command.ExecuteScalar()!;
    }
}
