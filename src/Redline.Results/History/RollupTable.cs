using System.Data.Common;
using System.Text;

namespace Redline.Results.History;

/// <summary>Reads and merges rows of the <c>rollups</c> table.</summary>
internal static class RollupTable
{
    public const long HourMillis = 3_600_000;
    public const long DayMillis = 86_400_000;

    private const string Fields = "seconds, requests, errors, dropped, late, interrupted, errors_by_type, status_codes, latency_histogram, service_histogram";
    private const string KeyMatch = "suite = @suite AND scenario = @scenario AND component = @component AND fingerprint = @fingerprint AND branch = @branch AND granularity = @granularity AND bucket_start = @start";

    private static readonly string[] Columns =
        ["suite", "scenario", "component", "fingerprint", "branch", "granularity", "bucket_start", "seconds", "requests", "errors", "dropped", "late", "interrupted", "errors_by_type", "status_codes", "latency_histogram", "service_histogram"];

    public static string Name(RollupGranularity granularity) => granularity == RollupGranularity.Hour ? "hour" : "day";

    public static long Floor(long millis, long size) => millis - (((millis % size) + size) % size);

    /// <summary>Adds <paramref name="rows"/> to the bucket (merging with what it already holds) and writes it back.</summary>
    public static async Task MergeAsync(DbConnection connection, DbTransaction transaction, RollupKey key, RollupGranularity granularity, long start, IEnumerable<RollupRow> rows, CancellationToken cancellationToken)
    {
        var sum = new RollupAccumulator();
        await using (var select = Bind(Db.Command(connection, transaction, $"SELECT {Fields} FROM rollups WHERE {KeyMatch}"), key, granularity, start))
        await using (var reader = await select.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            if (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                sum.Add(ReadRow(reader, 0, key.Scenario, key.Component, start));
            }
        }

        foreach (var row in rows)
        {
            sum.Add(row);
        }

        await using (var delete = Bind(Db.Command(connection, transaction, $"DELETE FROM rollups WHERE {KeyMatch}"), key, granularity, start))
        {
            await delete.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await using var insert = new Insert(connection, transaction, "rollups", Columns);
        await insert.Set("suite", key.Suite).Set("scenario", key.Scenario).Set("component", key.Component).Set("fingerprint", key.Fingerprint)
            .Set("branch", key.Branch).Set("granularity", Name(granularity)).Set("bucket_start", start)
            .Set("seconds", sum.Seconds).Set("requests", sum.Requests).Set("errors", sum.Errors).Set("dropped", sum.Dropped)
            .Set("late", sum.Late).Set("interrupted", sum.Interrupted)
            .Set("errors_by_type", JsonColumns.Counts(sum.ErrorsByType)).Set("status_codes", JsonColumns.Counts(sum.StatusCodes))
            .Set("latency_histogram", HistogramBlobs.Encode(sum.Latency)).Set("service_histogram", HistogramBlobs.Encode(sum.Service))
            .ExecuteAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Reads <see cref="Fields"/> starting at <paramref name="ordinal"/>.</summary>
    public static RollupRow ReadRow(DbDataReader reader, int ordinal, string scenario, string component, long start) => new(
        scenario,
        component,
        start,
        reader.Long(ordinal),
        reader.Long(ordinal + 1),
        reader.Long(ordinal + 2),
        reader.Long(ordinal + 3),
        reader.Long(ordinal + 4),
        reader.Long(ordinal + 5),
        reader.Text(ordinal + 6),
        reader.Text(ordinal + 7),
        reader.Bytes(ordinal + 8),
        reader.Bytes(ordinal + 9));

    public static async Task<IReadOnlyList<RollupBucket>> ListAsync(DbConnection connection, RollupQuery query, CancellationToken cancellationToken)
    {
        await using var command = Db.Command(connection, null, "");
        var sql = new StringBuilder($"SELECT suite, scenario, component, fingerprint, branch, granularity, bucket_start, {Fields} FROM rollups WHERE suite = @suite");
        command.With("@suite", query.Suite);
        void Where(string condition, string name, object value)
        {
            sql.Append(" AND ").Append(condition);
            command.With(name, value);
        }

        if (query.Scenario is { } scenario)
        {
            Where("scenario = @scenario", "@scenario", scenario);
        }

        if (query.Component is { } component)
        {
            Where("component = @component", "@component", component);
        }

        if (query.Fingerprint is { } fingerprint)
        {
            Where("fingerprint = @fingerprint", "@fingerprint", fingerprint);
        }

        if (query.Branch is { } branch)
        {
            Where("branch = @branch", "@branch", branch);
        }

        if (query.Granularity is { } granularity)
        {
            Where("granularity = @granularity", "@granularity", Name(granularity));
        }

        if (query.Since is { } since)
        {
            Where("bucket_start >= @since", "@since", Db.Millis(since));
        }

        if (query.Until is { } until)
        {
            Where("bucket_start < @until", "@until", Db.Millis(until));
        }

        command.CommandText = sql.Append(" ORDER BY bucket_start, granularity, scenario, component, fingerprint, branch").ToString();
        var buckets = new List<RollupBucket>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var row = ReadRow(reader, 7, reader.Text(1), reader.Text(2), reader.Long(6));
            var branchName = reader.Text(4);
            buckets.Add(new RollupBucket(
                reader.Text(0),
                row.Scenario,
                row.Component.Length == 0 ? null : row.Component,
                reader.Text(3),
                branchName.Length == 0 ? null : branchName,
                reader.Text(5) == "hour" ? RollupGranularity.Hour : RollupGranularity.Day,
                Db.Time(row.Start),
                row.Seconds,
                row.Requests,
                row.Errors,
                row.Dropped,
                row.Late,
                row.Interrupted,
                JsonColumns.ReadCounts(row.ErrorsByType),
                JsonColumns.ReadCounts(row.StatusCodes),
                HistogramBlobs.ToEngine(row.LatencyHistogram),
                HistogramBlobs.ToEngine(row.ServiceHistogram)));
        }

        return buckets;
    }

    private static DbCommand Bind(DbCommand command, RollupKey key, RollupGranularity granularity, long start) =>
        command.With("@suite", key.Suite).With("@scenario", key.Scenario).With("@component", key.Component)
            .With("@fingerprint", key.Fingerprint).With("@branch", key.Branch).With("@granularity", Name(granularity)).With("@start", start);
}
