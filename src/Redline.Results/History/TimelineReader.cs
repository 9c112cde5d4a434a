using System.Data.Common;
using Redline.Engine;

namespace Redline.Results.History;

/// <summary>Reads a run's per-second intervals back into timeline points, histograms included.</summary>
internal static class TimelineReader
{
    private static readonly string Select =
        $"SELECT scenario, component, second, requests, errors, dropped, late, interrupted, errors_by_type, status_codes, {string.Join(", ", StatsColumns.Names("lat_"))}, {string.Join(", ", StatsColumns.Names("svc_"))}, latency_histogram, service_histogram, load, in_flight, generator_cpu_percent, generator_lag_p99_ms, generator_lag_max_ms, target_elapsed_ms, target_cpu_percent, target_rss_bytes, target_alive, generator_cpu_measured FROM intervals WHERE run_id = @id ORDER BY scenario, second";

    public static async Task<Dictionary<string, List<TimelinePoint>>> ReadAsync(DbConnection connection, DbTransaction transaction, string runId, IReadOnlyList<RunInfoReader.SummaryRow> summaries, CancellationToken cancellationToken)
    {
        // Components come back in the run's order, which the summaries keep.
        var order = new Dictionary<(string, string), int>();
        foreach (var row in summaries)
        {
            order.TryAdd((row.Summary.Scenario, row.Summary.Component ?? ""), order.Count);
        }

        var steps = await StepRows.ReadIntervalsAsync(connection, transaction, runId, cancellationToken).ConfigureAwait(false);
        var points = new Dictionary<string, List<TimelinePoint>>(StringComparer.Ordinal);
        Pending? pending = null;
        await using var command = Db.Command(connection, transaction, Select).With("@id", runId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var scenario = reader.Text(0);
            var component = reader.Text(1);
            var second = reader.Long(2);
            if (pending is null || pending.Scenario != scenario || pending.Second != second)
            {
                Flush(pending, points, order);
                pending = new Pending(scenario, second);
            }

            var snapshot = new IntervalSnapshot(
                second,
                component.Length == 0 ? null : component,
                Requests: reader.Long(3),
                Errors: reader.Long(4),
                Dropped: reader.Long(5),
                Late: reader.Long(6),
                Interrupted: reader.Long(7),
                ErrorsByType: JsonColumns.ReadCounts(reader.Text(8)),
                StatusCodes: JsonColumns.ReadCounts(reader.Text(9)),
                Latency: StatsColumns.Read(reader, 10),
                ServiceTime: StatsColumns.Read(reader, 21),
                LatencyHistogram: HistogramBlobs.ToEngine(reader.Bytes(32)),
                ServiceHistogram: HistogramBlobs.ToEngine(reader.Bytes(33)));
            if (component.Length == 0)
            {
                pending.Total = snapshot;
                pending.Load = reader.Double(34);
                pending.InFlight = (int)(reader.LongOrNull(35) ?? 0);
                pending.Generator = new GeneratorSample(reader.Double(36), reader.Double(37), reader.Double(38)) { CpuMeasured = reader.IsDBNull(43) || reader.Bool(43) };
                pending.Target = reader.IsDBNull(39) ? null : new ResourceSample(RunReader.Millis(reader.Double(39)), reader.Double(40), reader.LongOrNull(41) ?? 0, reader.Bool(42));
            }
            else
            {
                pending.Components.Add(steps.TryGetValue((scenario, second, component), out var stepSnapshots) ? snapshot with { Steps = stepSnapshots } : snapshot);
            }
        }

        Flush(pending, points, order);
        return points;
    }

    private static void Flush(Pending? pending, Dictionary<string, List<TimelinePoint>> points, Dictionary<(string, string), int> order)
    {
        if (pending?.Total is not { } total)
        {
            return;
        }

        if (!points.TryGetValue(pending.Scenario, out var list))
        {
            points[pending.Scenario] = list = [];
        }

        var components = pending.Components
            .OrderBy(c => order.TryGetValue((pending.Scenario, c.Component ?? ""), out var i) ? i : int.MaxValue)
            .ThenBy(c => c.Component, StringComparer.Ordinal)
            .ToList();
        list.Add(new TimelinePoint(pending.Second, pending.Load, pending.InFlight, total, components, pending.Generator, pending.Target));
    }

    private sealed class Pending(string scenario, long second)
    {
        public string Scenario { get; } = scenario;

        public long Second { get; } = second;

        public IntervalSnapshot? Total { get; set; }

        public List<IntervalSnapshot> Components { get; } = [];

        public double Load { get; set; }

        public int InFlight { get; set; }

        public GeneratorSample Generator { get; set; }

        public ResourceSample? Target { get; set; }
    }
}
