using System.Text.Json;

namespace Redline.Engine;

/// <summary>The <c>stress</c> and <c>capacity</c> objects of a scenario in results.json, and each stage's components.</summary>
internal static class StressJson
{
    public static void WriteStageComponents(Utf8JsonWriter json, IReadOnlyDictionary<string, Measures> components)
    {
        if (components.Count < 2)
        {
            return;
        }

        json.WriteStartObject("components");
        foreach (var (name, measures) in components)
        {
            json.WriteStartObject(name);
            json.WriteNumber("requests", measures.Requests);
            json.WriteNumber("throughput_rps", measures.ThroughputRps);
            json.WriteNumber("p95_ms", measures.Latency.P95);
            json.WriteNumber("error_rate", measures.ErrorRatePercent);
            json.WriteEndObject();
        }

        json.WriteEndObject();
    }

    public static void WriteStress(Utf8JsonWriter json, StressReport? stress)
    {
        if (stress is null)
        {
            return;
        }

        json.WriteStartObject("stress");
        json.WriteString("stop_condition", stress.StopCondition);
        json.WriteNumber("window_s", stress.WindowSeconds);
        json.WriteString("note", stress.Note);
        if (stress.Break is { } found)
        {
            json.WriteStartObject("breaking_point");
            json.WriteNumber("at_s", Math.Round(found.AtSeconds, 3));
            json.WriteNumber("load", found.Load);
            json.WriteString("load_unit", found.Unit);
            json.WriteNumber("throughput_rps", found.ThroughputRps);
            json.WriteNumber("p95_ms", found.P95Ms);
            json.WriteNumber("error_rate", found.ErrorRatePercent);
            json.WriteString("reason", found.Reason);
            WriteLevel(json, "last_good", found.LastGood);
            WriteLevel(json, "first_bad", found.FirstBad);
            json.WriteStartArray("probes");
            foreach (var probe in found.Probes)
            {
                WriteLevel(json, null, probe);
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }
        else
        {
            json.WriteNull("breaking_point");
        }

        if (stress.Recovery is { } recovery)
        {
            json.WriteStartObject("recovery");
            json.WriteNumber("started_at_s", Math.Round(recovery.StartedAtSeconds, 3));
            json.WriteNumber("load", recovery.Level);
            ResultsJsonWriter.WriteNumberOrNull(json, "recovery_time_s", recovery.RecoveryTimeSeconds);
            json.WriteBoolean("recovered", recovery.RecoveryTimeSeconds is not null);
            json.WriteStartObject("band");
            json.WriteNumber("baseline_p95_ms", recovery.BaselineP95Ms);
            json.WriteNumber("baseline_error_rate", recovery.BaselineErrorRatePercent);
            json.WriteNumber("p95_ms_at_most", recovery.BandP95Ms);
            json.WriteNumber("error_rate_at_most", recovery.BandErrorRatePercent);
            json.WriteNumber("steady_seconds", RecoveryPlan.SteadySeconds);
            json.WriteEndObject();
            json.WriteString("note", recovery.Note);
            json.WriteEndObject();
        }

        json.WriteStartArray("bottlenecks");
        foreach (var bottleneck in stress.Bottlenecks)
        {
            json.WriteStartObject();
            json.WriteString("resource", bottleneck.Resource);
            json.WriteString("evidence", bottleneck.Evidence);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    public static void WriteCapacity(Utf8JsonWriter json, CapacityModel? capacity)
    {
        if (capacity is null)
        {
            return;
        }

        json.WriteStartObject("capacity");
        if (capacity.Usl is { } usl)
        {
            json.WriteStartObject("usl");
            json.WriteNumber("sigma", usl.Sigma);
            json.WriteNumber("kappa", usl.Kappa);
            json.WriteNumber("lambda_rps", usl.Lambda);
            ResultsJsonWriter.WriteNumberOrNull(json, "peak_concurrency", usl.PeakConcurrency);
            ResultsJsonWriter.WriteNumberOrNull(json, "peak_throughput_rps", usl.PeakThroughputRps);
            json.WriteNumber("r_squared", usl.RSquared);
            json.WriteNumber("points", usl.Points);
            json.WriteEndObject();
        }
        else
        {
            json.WriteNull("usl");
        }

        json.WriteString("usl_note", capacity.UslNote);
        if (capacity.Knee is { } knee)
        {
            json.WriteStartObject("knee");
            json.WriteNumber("stage", knee.Stage);
            json.WriteNumber("load", knee.Load);
            json.WriteNumber("throughput_rps", knee.ThroughputRps);
            json.WriteNumber("p95_ms", knee.P95Ms);
            json.WriteEndObject();
        }
        else
        {
            json.WriteNull("knee");
        }

        json.WriteString("knee_note", capacity.KneeNote);
        json.WriteStartArray("littles_law");
        foreach (var check in capacity.Little)
        {
            json.WriteStartObject();
            json.WriteNumber("stage", check.Stage);
            json.WriteNumber("measured_concurrency", check.MeasuredConcurrency);
            json.WriteNumber("predicted_concurrency", check.PredictedConcurrency);
            json.WriteNumber("deviation_percent", check.DeviationPercent);
            json.WriteBoolean("fails", check.Fails);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    public static void WriteChaos(Utf8JsonWriter json, IReadOnlyList<FaultReport> faults)
    {
        if (faults.Count == 0)
        {
            return;
        }

        json.WriteStartArray("chaos");
        foreach (var fault in faults)
        {
            json.WriteStartObject();
            json.WriteString("fault", fault.Fault);
            json.WriteString("on", fault.On);
            json.WriteNumber("started_at_s", fault.StartedAtSeconds);
            ResultsJsonWriter.WriteNumberOrNull(json, "ended_at_s", fault.EndedAtSeconds);
            json.WriteString("asked", fault.Asked);
            json.WriteString("achieved", fault.Achieved);
            json.WriteString("note", fault.Note);
            var impact = fault.Impact;
            json.WriteStartObject("impact");
            ResultsJsonWriter.WriteNumberOrNull(json, "p95_before_ms", impact.P95BeforeMs);
            ResultsJsonWriter.WriteNumberOrNull(json, "p95_during_ms", impact.P95DuringMs);
            ResultsJsonWriter.WriteNumberOrNull(json, "error_rate_before", impact.ErrorRateBefore);
            ResultsJsonWriter.WriteNumberOrNull(json, "error_rate_during", impact.ErrorRateDuring);
            ResultsJsonWriter.WriteNumberOrNull(json, "time_to_impact_s", impact.TimeToImpactSeconds);
            ResultsJsonWriter.WriteNumberOrNull(json, "recovery_time_s", impact.RecoveryTimeSeconds);
            ResultsJsonWriter.WriteNumberOrNull(json, "next_fault_after_s", impact.NextFaultAfterSeconds);
            json.WriteEndObject();
            if (fault.Components.Count > 0)
            {
                json.WriteStartArray("components");
                foreach (var component in fault.Components)
                {
                    json.WriteStartObject();
                    json.WriteString("name", component.Component);
                    json.WriteBoolean("dependant", component.Dependant);
                    json.WriteBoolean("judged", component.Judged);
                    ResultsJsonWriter.WriteNumberOrNull(json, "p95_before_ms", component.P95BeforeMs);
                    ResultsJsonWriter.WriteNumberOrNull(json, "p95_during_ms", component.P95DuringMs);
                    ResultsJsonWriter.WriteNumberOrNull(json, "error_rate_before", component.ErrorRateBefore);
                    ResultsJsonWriter.WriteNumberOrNull(json, "error_rate_during", component.ErrorRateDuring);
                    json.WriteBoolean("hit", component.Hit);
                    json.WriteBoolean("cascaded", component.Cascaded);
                    json.WriteEndObject();
                }

                json.WriteEndArray();
            }

            json.WriteEndObject();
        }

        json.WriteEndArray();
    }

    private static void WriteLevel(Utf8JsonWriter json, string? name, BreakLevel? level)
    {
        if (name is not null && level is null)
        {
            json.WriteNull(name);
            return;
        }

        if (name is null)
        {
            json.WriteStartObject();
        }
        else
        {
            json.WriteStartObject(name);
        }

        json.WriteNumber("load", level!.Load);
        json.WriteNumber("throughput_rps", level.ThroughputRps);
        json.WriteNumber("p95_ms", level.P95Ms);
        json.WriteNumber("error_rate", level.ErrorRatePercent);
        if (level.Stage is { } stage)
        {
            json.WriteNumber("stage", stage);
        }

        json.WriteString("verdict", level.Verdict);
        json.WriteBoolean("generator_saturated", level.GeneratorSaturated);
        json.WriteEndObject();
    }
}
