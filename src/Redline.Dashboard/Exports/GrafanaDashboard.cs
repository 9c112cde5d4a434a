using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Redline.Engine;

namespace Redline.Dashboard.Exports;

/// <summary>
/// A Grafana dashboard (the classic JSON model, imported with a Prometheus data source) over the names <c>/metrics</c>
/// serves: the seed's panels (request rate, latency percentiles by <c>histogram_quantile</c>, errors, system
/// resources, load), refreshed every 5 s, with a scenario variable and the suite's latency and error criteria as
/// threshold lines.
/// </summary>
public static class GrafanaDashboard
{
    /// <summary>One panel's query, for checking each one's PromQL.</summary>
    public sealed record Query(string Panel, string Legend, string Expression);

    /// <summary>The panels' queries for <paramref name="suite"/>, in order.</summary>
    public static IReadOnlyList<(string Title, string Unit, IReadOnlyList<Query> Queries)> Panels(string suite)
    {
        var s = $"suite=\"{MetricsExposition.Escape(suite)}\",scenario=~\"$scenario\"";
        var w = "$__rate_interval";
        return
        [
            ("Request rate by component", "reqps", [new("Request rate by component", "{{component}}", $"sum by (component) (rate(redline_requests_total{{{s}}}[{w}]))")]),
            ("Latency percentiles", "s",
            [
                new("Latency percentiles", "p50", $"histogram_quantile(0.5, sum by (le) (rate(redline_request_duration_seconds_bucket{{{s}}}[{w}])))"),
                new("Latency percentiles", "p95", $"histogram_quantile(0.95, sum by (le) (rate(redline_request_duration_seconds_bucket{{{s}}}[{w}])))"),
                new("Latency percentiles", "p99", $"histogram_quantile(0.99, sum by (le) (rate(redline_request_duration_seconds_bucket{{{s}}}[{w}])))"),
            ]),
            ("p95 by component", "s", [new("p95 by component", "{{component}}", $"histogram_quantile(0.95, sum by (le, component) (rate(redline_request_duration_seconds_bucket{{{s}}}[{w}])))")]),
            ("Error rate", "percent", [new("Error rate", "errors", $"100 * sum(rate(redline_request_errors_total{{{s}}}[{w}])) / sum(rate(redline_requests_total{{{s}}}[{w}]))")]),
            ("System resources: CPU", "percentunit",
            [
                new("System resources: CPU", "target (of the machine)", $"max(redline_target_cpu_usage_ratio{{{s}}})"),
                new("System resources: CPU", "machine", $"max(redline_host_cpu_utilization_ratio{{{s}}})"),
                new("System resources: CPU", "generator", $"max(redline_generator_cpu_utilization_ratio{{{s}}})"),
            ]),
            ("System resources: memory", "bytes", [new("System resources: memory", "target RSS", $"max(redline_target_resident_memory_bytes{{{s}}})")]),
            ("System resources: disk and network", "Bps",
            [
                new("System resources: disk and network", "disk read", $"max(rate(redline_host_disk_read_bytes_total{{{s}}}[{w}]))"),
                new("System resources: disk and network", "disk written", $"max(rate(redline_host_disk_written_bytes_total{{{s}}}[{w}]))"),
                new("System resources: disk and network", "received", $"max(rate(redline_host_network_received_bytes_total{{{s}}}[{w}]))"),
                new("System resources: disk and network", "sent", $"max(rate(redline_host_network_transmitted_bytes_total{{{s}}}[{w}]))"),
            ]),
            ("Load and iterations in flight", "short",
            [
                new("Load and iterations in flight", "load", $"max(redline_load{{{s}}})"),
                new("Load and iterations in flight", "in flight", $"max(redline_in_flight_iterations{{{s}}})"),
            ]),
        ];
    }

    /// <summary>The dashboard's JSON for <paramref name="suite"/>; <paramref name="criteria"/> add threshold lines to the latency and error panels.</summary>
    public static string Write(string suite, IReadOnlyList<Criterion> criteria)
    {
        ArgumentNullException.ThrowIfNull(criteria);
        var p95 = criteria.FirstOrDefault(c => c.Component is null && c.Metric == "response_time_p95")?.Threshold / 1000;
        var errors = criteria.FirstOrDefault(c => c.Component is null && c.Metric == "error_rate")?.Threshold;
        var buffer = new ArrayBufferWriter<byte>(16384);
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            w.WriteStartArray("__inputs");
            w.WriteStartObject();
            w.WriteString("name", "DS_PROMETHEUS");
            w.WriteString("label", "Prometheus");
            w.WriteString("type", "datasource");
            w.WriteString("pluginId", "prometheus");
            w.WriteString("pluginName", "Prometheus");
            w.WriteEndObject();
            w.WriteEndArray();
            w.WriteString("uid", Uid(suite));
            w.WriteString("title", $"Redline: {suite}");
            w.WriteStartArray("tags");
            w.WriteStringValue("redline");
            w.WriteEndArray();
            w.WriteString("timezone", "browser");
            w.WriteNumber("schemaVersion", 39);
            w.WriteNumber("version", 1);
            w.WriteString("refresh", "5s");
            w.WriteStartObject("time");
            w.WriteString("from", "now-15m");
            w.WriteString("to", "now");
            w.WriteEndObject();
            w.WriteStartObject("templating");
            w.WriteStartArray("list");
            w.WriteStartObject();
            w.WriteString("name", "scenario");
            w.WriteString("label", "scenario");
            w.WriteString("type", "query");
            Datasource(w);
            w.WriteString("query", $"label_values(redline_requests_total{{suite=\"{MetricsExposition.Escape(suite)}\"}}, scenario)");
            w.WriteNumber("refresh", 2);
            w.WriteBoolean("includeAll", true);
            w.WriteBoolean("multi", true);
            w.WriteString("allValue", ".*");
            w.WriteEndObject();
            w.WriteEndArray();
            w.WriteEndObject();
            w.WriteStartArray("panels");
            var id = 1;
            foreach (var (title, unit, queries) in Panels(suite))
            {
                double? threshold = title == "Latency percentiles" ? p95 : title == "Error rate" ? errors : null;
                var x = (id - 1) % 2 * 12;
                var y = (id - 1) / 2 * 8;
                w.WriteStartObject();
                w.WriteNumber("id", id++);
                w.WriteString("type", "timeseries");
                w.WriteString("title", title);
                Datasource(w);
                w.WriteStartObject("gridPos");
                w.WriteNumber("x", x);
                w.WriteNumber("y", y);
                w.WriteNumber("w", 12);
                w.WriteNumber("h", 8);
                w.WriteEndObject();
                w.WriteStartObject("fieldConfig");
                w.WriteStartObject("defaults");
                w.WriteString("unit", unit);
                if (threshold is { } line)
                {
                    w.WriteStartObject("custom");
                    w.WriteStartObject("thresholdsStyle");
                    w.WriteString("mode", "line");
                    w.WriteEndObject();
                    w.WriteEndObject();
                    w.WriteStartObject("thresholds");
                    w.WriteString("mode", "absolute");
                    w.WriteStartArray("steps");
                    w.WriteStartObject();
                    w.WriteString("color", "green");
                    w.WriteNull("value");
                    w.WriteEndObject();
                    w.WriteStartObject();
                    w.WriteString("color", "red");
                    w.WriteNumber("value", line);
                    w.WriteEndObject();
                    w.WriteEndArray();
                    w.WriteEndObject();
                }

                w.WriteEndObject();
                w.WriteStartArray("overrides");
                w.WriteEndArray();
                w.WriteEndObject();
                w.WriteStartArray("targets");
                var refId = 'A';
                foreach (var query in queries)
                {
                    w.WriteStartObject();
                    w.WriteString("refId", (refId++).ToString(CultureInfo.InvariantCulture));
                    Datasource(w);
                    w.WriteString("expr", query.Expression);
                    w.WriteString("legendFormat", query.Legend);
                    w.WriteEndObject();
                }

                w.WriteEndArray();
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan) + "\n";
    }

    private static void Datasource(Utf8JsonWriter w)
    {
        w.WriteStartObject("datasource");
        w.WriteString("type", "prometheus");
        w.WriteString("uid", "${DS_PROMETHEUS}");
        w.WriteEndObject();
    }

    /// <summary>A stable uid per suite (Grafana allows 40 characters), so that a re-import replaces the dashboard.</summary>
    private static string Uid(string suite) => "redline-" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(suite)))[..16];
}
