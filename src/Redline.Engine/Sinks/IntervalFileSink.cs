using System.Text.Json;

namespace Redline.Engine;

/// <summary>
/// Writes intervals.ndjson: one line per component per second (and one for the scenario, with a
/// null component), each with its encoded histograms so percentiles can be recomputed over any
/// window, between a scenario's <c>scenario_start</c> and <c>scenario_end</c> lines. Flushed every
/// second, so a killed run keeps all but its last second; read back, it folds to the run's result.
/// </summary>
public sealed class IntervalFileSink : IIntervalSink, IDisposable
{
    private readonly NdjsonFile _file;

    /// <summary>Creates <paramref name="path"/>, replacing an earlier run's file of that name.</summary>
    public IntervalFileSink(string path) => _file = new NdjsonFile(path);

    /// <inheritdoc />
    public ValueTask OnIntervalAsync(IntervalReport report, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(report);
        foreach (var component in report.Components)
        {
            WriteLine(report, component);
        }

        WriteLine(report, report.Total);
        _file.Flush();
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask OnScenarioStartAsync(ScenarioStart start, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(start);
        _file.WriteLine(json => StreamRecords.WriteStart(json, start));
        _file.Flush();
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask OnScenarioCompleteAsync(ScenarioEnd end, ScenarioResult result, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(end);
        ArgumentNullException.ThrowIfNull(result);
        _file.WriteLine(json => StreamRecords.WriteEnd(json, result.Name, end));
        _file.Flush();
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public void Dispose() => _file.Dispose();

    private void WriteLine(IntervalReport report, IntervalSnapshot snapshot) => _file.WriteLine(json => Write(json, report, snapshot));

    private static void Write(Utf8JsonWriter json, IntervalReport report, IntervalSnapshot snapshot)
    {
        json.WriteStartObject();
        json.WriteString("scenario", report.Scenario);
        json.WriteNumber("second", report.Second);
        json.WriteString("component", snapshot.Component);
        WriteCounts(json, snapshot);
        if (snapshot.Component is null)
        {
            json.WriteNumber("load", report.Load);
            json.WriteNumber("in_flight", report.InFlight);
            if (report.InFlightMean is { } mean)
            {
                json.WriteNumber("in_flight_mean", mean);
            }

            json.WriteNumber("generator_cpu_percent", report.Generator.CpuPercent);
            if (!report.Generator.CpuMeasured)
            {
                json.WriteBoolean("generator_cpu_measured", false);
            }

            json.WriteNumber("schedule_lag_p99_ms", report.Generator.ScheduleLagP99Ms);
            json.WriteNumber("schedule_lag_max_ms", report.Generator.ScheduleLagMaxMs);
            if (report.Target is { } target)
            {
                json.WriteNumber("target_cpu_percent", target.CpuPercent);
                json.WriteNumber("target_rss_bytes", target.RssBytes);
                json.WriteBoolean("target_alive", target.Alive);
                json.WriteNumber("target_elapsed_ms", target.Elapsed.TotalMilliseconds);
            }

            if (report.Resources is { } frame)
            {
                ResourcesJson.WriteFrame(json, frame);
            }
        }

        WriteSamplesAndHistograms(json, snapshot);
        if (snapshot.Steps.Count > 0)
        {
            // A flow's steps, each with the figures a component has and how often it was skipped.
            json.WriteStartArray("steps");
            foreach (var step in snapshot.Steps)
            {
                json.WriteStartObject();
                json.WriteString("name", step.Component);
                WriteCounts(json, step);
                json.WriteNumber("skipped", step.Skipped);
                WriteSamplesAndHistograms(json, step);
                json.WriteEndObject();
            }

            json.WriteEndArray();
        }

        if (snapshot.Component is null && report.ScheduleLagHistogram.Length > 0)
        {
            json.WriteString("schedule_lag_histogram", report.ScheduleLagHistogram);
        }
        json.WriteEndObject();
    }

    private static void WriteCounts(Utf8JsonWriter json, IntervalSnapshot snapshot)
    {
        json.WriteNumber("requests", snapshot.Requests);
        json.WriteNumber("errors", snapshot.Errors);
        json.WriteNumber("error_rate", Math.Round(snapshot.ErrorRatePercent, 4));
        json.WriteNumber("dropped", snapshot.Dropped);
        json.WriteNumber("late", snapshot.Late);
        json.WriteNumber("interrupted", snapshot.Interrupted);
        json.WriteNumber("max_start_lag_ms", snapshot.MaxStartLagMs);
        ResultsJsonWriter.WriteStats(json, "latency_ms", snapshot.Latency);
        ResultsJsonWriter.WriteStats(json, "service_time_ms", snapshot.ServiceTime);
        ResultsJsonWriter.WriteCounts(json, "errors_by_type", snapshot.ErrorsByType);
        ResultsJsonWriter.WriteCounts(json, "status_codes", snapshot.StatusCodes);
    }

    private static void WriteSamplesAndHistograms(Utf8JsonWriter json, IntervalSnapshot snapshot)
    {
        if (snapshot.ErrorSamples.Count > 0)
        {
            json.WriteStartArray("error_samples");
            foreach (var sample in snapshot.ErrorSamples)
            {
                json.WriteStringValue(sample);
            }

            json.WriteEndArray();
        }

        json.WriteString("latency_histogram", snapshot.LatencyHistogram);
        json.WriteString("service_time_histogram", snapshot.ServiceHistogram);
        if (snapshot.ConnectHistogram.Length > 0)
        {
            json.WriteString("connect_histogram", snapshot.ConnectHistogram);
        }

        if (snapshot.FirstByteHistogram.Length > 0)
        {
            json.WriteString("ttfb_histogram", snapshot.FirstByteHistogram);
        }

        if (snapshot.SetupHistogram.Length > 0)
        {
            json.WriteString("setup_histogram", snapshot.SetupHistogram);
        }
    }
}
