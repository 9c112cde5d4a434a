using System.Text.Json;

namespace Redline.Engine;

/// <summary>results.json's <c>micro</c>: each micro-benchmark with its identity and every metric, samples and bound included.</summary>
internal static class MicroJson
{
    public static void Write(Utf8JsonWriter json, string? format, IReadOnlyList<MicroBenchmark> benchmarks)
    {
        json.WriteStartObject("micro");
        json.WriteString("format", format);
        json.WriteStartArray("benchmarks");
        foreach (var benchmark in benchmarks)
        {
            json.WriteStartObject();
            json.WriteString("id", benchmark.Id);
            json.WriteString("name", benchmark.Name);
            json.WriteStartObject("parameters");
            foreach (var (name, value) in benchmark.Parameters)
            {
                json.WriteString(name, value);
            }

            json.WriteEndObject();
            json.WriteString("job", benchmark.Job);
            json.WriteStartArray("metrics");
            foreach (var metric in benchmark.Metrics)
            {
                json.WriteStartObject();
                json.WriteString("name", metric.Name);
                json.WriteString("unit", metric.Unit);
                ResultsJsonWriter.WriteNumberOrNull(json, "value", metric.Value);
                json.WriteString("statistic", metric.Statistic);
                json.WriteBoolean("higher_is_worse", metric.HigherIsWorse);
                if (metric.Bound is { } bound)
                {
                    json.WriteStartObject("bound");
                    ResultsJsonWriter.WriteNumberOrNull(json, "lower", bound.Lower);
                    ResultsJsonWriter.WriteNumberOrNull(json, "upper", bound.Upper);
                    json.WriteString("meaning", bound.Meaning);
                    json.WriteEndObject();
                }

                json.WriteStartArray("samples");
                foreach (var sample in metric.Samples.Where(double.IsFinite))
                {
                    json.WriteNumberValue(sample);
                }

                json.WriteEndArray();
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }
}
