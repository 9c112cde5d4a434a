using System.Diagnostics;
using System.Globalization;
using Redline.ReferenceTarget.Data;
using Redline.ReferenceTarget.Faults;

namespace Redline.ReferenceTarget.Admin;

/// <summary>Process memory as <c>/api/admin/stats</c> reports it.</summary>
internal sealed record MemoryStats(long WorkingSetBytes, long ManagedHeapBytes, long LeakedBytes);

/// <summary>The faults the deployment was started with.</summary>
internal sealed record FaultStats(double LeakMbPerHour, string? Stall, double ErrorRatePercent);

/// <summary>The answer of <c>GET /api/admin/stats</c>.</summary>
internal sealed record AdminStats(
    string Profile,
    double UptimeSeconds,
    double LatencyScale,
    int Seed,
    long TotalRequests,
    IReadOnlyDictionary<string, long> Requests,
    MemoryStats Memory,
    FaultStats Faults,
    string Database);

/// <summary>The answer of <c>POST /api/admin/reindex</c>.</summary>
internal sealed record ReindexResult(double DurationMs, IReadOnlyList<string> Indexes);

/// <summary>Maintenance and introspection for operators.</summary>
internal sealed class AdminService(ReferenceOptions options, ReferenceClock clock, RequestCounter counter, LeakFault leak, ReferenceDatabase database, SqlSessions sessions)
{
    public AdminStats Stats()
    {
        var requests = counter.Snapshot();
        return new AdminStats(
            ReferenceDeployment.ProfileName(options.Profile),
            Math.Round(clock.Elapsed.TotalSeconds, 3),
            options.LatencyScale,
            options.Seed,
            requests.Values.Sum(),
            requests,
            new MemoryStats(Environment.WorkingSet, GC.GetTotalMemory(forceFullCollection: false), leak.RetainedBytes),
            new FaultStats(options.LeakMbPerHour, Stall(), options.ErrorRatePercent),
            database.Path);
    }

    /// <summary>Rebuilds every index and refreshes the planner's statistics: real work that takes the write lock.</summary>
    public ReindexResult Reindex()
    {
        var started = Stopwatch.GetTimestamp();
        sessions.Use(session =>
        {
            session.Command("REINDEX").ExecuteNonQuery();
            return session.Command("ANALYZE").ExecuteNonQuery();
        });
        var indexes = sessions.Use(session =>
        {
            using var reader = session.Command("SELECT name FROM sqlite_master WHERE type = 'index' ORDER BY name").ExecuteReader();
            var names = new List<string>();
            while (reader.Read())
            {
                names.Add(reader.GetString(0));
            }

            return names;
        });
        return new ReindexResult(Math.Round(Stopwatch.GetElapsedTime(started).TotalMilliseconds, 3), indexes);
    }

    private string? Stall() => options.StallLength is { } length && options.StallPeriod is { } period
        ? string.Create(CultureInfo.InvariantCulture, $"{length.TotalSeconds}s/{period.TotalSeconds}s")
        : null;
}
