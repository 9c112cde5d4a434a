using Redline.Engine;
using Redline.Results.Analysis;

namespace Redline.Results.Tests.Analysis;

/// <summary>What a simulated run looks like: its load and how the target behaves under it.</summary>
internal sealed record RunShape(
    int Seconds = 60,
    double RequestsPerSecond = 200,
    double LatencyMedianMs = 40,
    double LatencySigma = 0.5,
    double ErrorProbability = 0.005,
    double CpuPercent = 40,
    double MemoryMb = 300);

/// <summary>
/// A load-test run simulated request by request: each second draws its requests' latencies
/// (log-normal, scaled by a slowly wandering load factor as real targets have), errors and
/// resource readings; the run-level values are computed from all requests, as merged histograms are.
/// </summary>
internal sealed class SimulatedRun
{
    private SimulatedRun(RunShape shape, Random random)
    {
        var all = new List<double>();
        long requests = 0, errors = 0;
        var load = 0.0;
        for (var second = 0; second < shape.Seconds; second++)
        {
            // AR(1) load factor: neighbouring seconds are alike.
            load = (0.7 * load) + (0.03 * Synthetic.Gaussian(random));
            var count = Math.Max(1, Synthetic.Poisson(random, shape.RequestsPerSecond));
            var latencies = new double[count];
            for (var i = 0; i < count; i++)
            {
                latencies[i] = shape.LatencyMedianMs * Math.Exp(load + (shape.LatencySigma * Synthetic.Gaussian(random)));
            }

            Array.Sort(latencies);
            P50.Add(Percentile(latencies, 50));
            P95.Add(Percentile(latencies, 95));
            P99.Add(Percentile(latencies, 99));
            all.AddRange(latencies);

            var failed = Synthetic.Poisson(random, count * shape.ErrorProbability);
            Throughput.Add(count);
            ErrorRate.Add(100.0 * failed / count);
            Cpu.Add(shape.CpuPercent * (1 + (0.05 * Synthetic.Gaussian(random))));
            Memory.Add(shape.MemoryMb * (1 + (0.02 * Synthetic.Gaussian(random))));
            requests += count;
            errors += failed;
        }

        var sorted = all.ToArray();
        Array.Sort(sorted);
        Summary = new Dictionary<string, double>
        {
            ["p50"] = Percentile(sorted, 50),
            ["p95"] = Percentile(sorted, 95),
            ["p99"] = Percentile(sorted, 99),
            ["throughput"] = (double)requests / shape.Seconds,
            ["error_rate"] = 100.0 * errors / requests,
            ["cpu"] = Cpu.Average(),
            ["memory"] = Memory.Average(),
        };
    }

    public List<double> P50 { get; } = [];

    public List<double> P95 { get; } = [];

    public List<double> P99 { get; } = [];

    public List<double> Throughput { get; } = [];

    public List<double> ErrorRate { get; } = [];

    public List<double> Cpu { get; } = [];

    public List<double> Memory { get; } = [];

    public Dictionary<string, double> Summary { get; }

    public static SimulatedRun Draw(RunShape shape, Random random) => new(shape, random);

    /// <summary>The seven metrics the issue names, baseline against current.</summary>
    public static IReadOnlyList<MetricSamples> Compare(SimulatedRun baseline, SimulatedRun current)
    {
        MetricSamples Metric(MetricKind kind, string name, string unit, Func<SimulatedRun, List<double>> samples, string summary) =>
            MetricSamples.Create(kind, name, unit, samples(baseline), samples(current), baseline.Summary[summary], current.Summary[summary]);

        return
        [
            Metric(MetricKind.ResponseTime, "response_time_p50", "ms", r => r.P50, "p50"),
            Metric(MetricKind.ResponseTime, "response_time_p95", "ms", r => r.P95, "p95"),
            Metric(MetricKind.ResponseTime, "response_time_p99", "ms", r => r.P99, "p99"),
            Metric(MetricKind.Throughput, "throughput", "req/s", r => r.Throughput, "throughput"),
            Metric(MetricKind.ErrorRate, "error_rate", "%", r => r.ErrorRate, "error_rate"),
            Metric(MetricKind.Cpu, "cpu_usage", "%", r => r.Cpu, "cpu"),
            Metric(MetricKind.Memory, "memory_usage", "MB", r => r.Memory, "memory"),
        ];
    }

    private static double Percentile(double[] sorted, double percent) =>
        sorted[Math.Clamp((int)Math.Ceiling(percent / 100 * sorted.Length) - 1, 0, sorted.Length - 1)];
}
