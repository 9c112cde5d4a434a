using HdrHistogram;
using Redline.Engine;

namespace Redline.Results.History;

/// <summary>Sums intervals or buckets into one bucket: counts add, histograms merge, so nothing is approximated.</summary>
internal sealed class RollupAccumulator
{
    public long Seconds { get; private set; }

    public long Requests { get; private set; }

    public long Errors { get; private set; }

    public long Dropped { get; private set; }

    public long Late { get; private set; }

    public long Interrupted { get; private set; }

    public SortedDictionary<string, long> ErrorsByType { get; } = new(StringComparer.Ordinal);

    public SortedDictionary<string, long> StatusCodes { get; } = new(StringComparer.Ordinal);

    public LongHistogram Latency { get; } = Histograms.Create();

    public LongHistogram Service { get; } = Histograms.Create();

    public void Add(RollupRow row)
    {
        Seconds += row.Seconds;
        Requests += row.Requests;
        Errors += row.Errors;
        Dropped += row.Dropped;
        Late += row.Late;
        Interrupted += row.Interrupted;
        AddCounts(ErrorsByType, row.ErrorsByType);
        AddCounts(StatusCodes, row.StatusCodes);
        HistogramBlobs.AddTo(Latency, row.LatencyHistogram);
        HistogramBlobs.AddTo(Service, row.ServiceHistogram);
    }

    private static void AddCounts(SortedDictionary<string, long> into, string json)
    {
        foreach (var (key, value) in JsonColumns.ReadCounts(json))
        {
            into[key] = into.GetValueOrDefault(key) + value;
        }
    }
}

/// <summary>A raw interval (one second) or a stored bucket, as the pruner reads it.</summary>
internal sealed record RollupRow(
    string Scenario,
    string Component,
    long Start,
    long Seconds,
    long Requests,
    long Errors,
    long Dropped,
    long Late,
    long Interrupted,
    string ErrorsByType,
    string StatusCodes,
    byte[] LatencyHistogram,
    byte[] ServiceHistogram);

/// <summary>What a bucket is per: suite, scenario, component (<c>''</c> for the scenario), machine, branch (<c>''</c> when unknown).</summary>
internal readonly record struct RollupKey(string Suite, string Scenario, string Component, string Fingerprint, string Branch);
