using System.Text.Json;

namespace Redline.Engine;

/// <summary>
/// Writes intervals.ndjson: one line per component per second (and one for the scenario, with a
/// null component), each with its encoded histograms so percentiles can be recomputed over any
/// window. Flushed every second, so a killed run keeps all but its last second.
/// </summary>
public sealed class IntervalFileSink : IIntervalSink, IDisposable
{
    private readonly FileStream _stream;
    private readonly Utf8JsonWriter _json;

    /// <summary>Creates <paramref name="path"/>, replacing an earlier run's file of that name.</summary>
    public IntervalFileSink(string path)
    {
        _stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.Read);
        _json = new Utf8JsonWriter(_stream);
    }

    /// <inheritdoc />
    public ValueTask OnIntervalAsync(IntervalReport report, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(report);
        foreach (var component in report.Components)
        {
            WriteLine(report, component);
        }

        WriteLine(report, report.Total);
        _stream.Flush(flushToDisk: false);
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _json.Dispose();
        _stream.Dispose();
    }

    private void WriteLine(IntervalReport report, IntervalSnapshot snapshot)
    {
        _json.Reset();
        _json.WriteStartObject();
        _json.WriteString("scenario", report.Scenario);
        _json.WriteNumber("second", report.Second);
        _json.WriteString("component", snapshot.Component);
        _json.WriteNumber("requests", snapshot.Requests);
        _json.WriteNumber("errors", snapshot.Errors);
        _json.WriteNumber("error_rate", Math.Round(snapshot.ErrorRatePercent, 4));
        _json.WriteNumber("dropped", snapshot.Dropped);
        _json.WriteNumber("late", snapshot.Late);
        _json.WriteNumber("interrupted", snapshot.Interrupted);
        _json.WriteNumber("max_start_lag_ms", snapshot.MaxStartLagMs);
        ResultsJsonWriter.WriteStats(_json, "latency_ms", snapshot.Latency);
        ResultsJsonWriter.WriteStats(_json, "service_time_ms", snapshot.ServiceTime);
        ResultsJsonWriter.WriteCounts(_json, "errors_by_type", snapshot.ErrorsByType);
        ResultsJsonWriter.WriteCounts(_json, "status_codes", snapshot.StatusCodes);
        if (snapshot.Component is null)
        {
            _json.WriteNumber("load", report.Load);
            _json.WriteNumber("in_flight", report.InFlight);
            _json.WriteNumber("generator_cpu_percent", report.Generator.CpuPercent);
            if (!report.Generator.CpuMeasured)
            {
                _json.WriteBoolean("generator_cpu_measured", false);
            }

            _json.WriteNumber("schedule_lag_p99_ms", report.Generator.ScheduleLagP99Ms);
            _json.WriteNumber("schedule_lag_max_ms", report.Generator.ScheduleLagMaxMs);
            if (report.Target is { } target)
            {
                _json.WriteNumber("target_cpu_percent", target.CpuPercent);
                _json.WriteNumber("target_rss_bytes", target.RssBytes);
                _json.WriteBoolean("target_alive", target.Alive);
                _json.WriteNumber("target_elapsed_ms", target.Elapsed.TotalMilliseconds);
            }

            if (report.Resources is { } frame)
            {
                ResourcesJson.WriteFrame(_json, frame);
            }
        }

        if (snapshot.ErrorSamples.Count > 0)
        {
            _json.WriteStartArray("error_samples");
            foreach (var sample in snapshot.ErrorSamples)
            {
                _json.WriteStringValue(sample);
            }

            _json.WriteEndArray();
        }

        _json.WriteString("latency_histogram", snapshot.LatencyHistogram);
        _json.WriteString("service_time_histogram", snapshot.ServiceHistogram);
        if (snapshot.ConnectHistogram.Length > 0)
        {
            _json.WriteString("connect_histogram", snapshot.ConnectHistogram);
        }

        if (snapshot.FirstByteHistogram.Length > 0)
        {
            _json.WriteString("ttfb_histogram", snapshot.FirstByteHistogram);
        }

        if (snapshot.Component is null && report.ScheduleLagHistogram.Length > 0)
        {
            _json.WriteString("schedule_lag_histogram", report.ScheduleLagHistogram);
        }
        _json.WriteEndObject();
        _json.Flush();
        _stream.WriteByte((byte)'\n');
    }
}
