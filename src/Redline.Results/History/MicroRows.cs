using System.Data.Common;
using Redline.Engine;

namespace Redline.Results.History;

/// <summary>A run's micro-benchmarks: written one row per benchmark and metric, read back into <see cref="RunResult.Micro"/>.</summary>
internal static class MicroRows
{
    public const string Table = "micro_results";

    private static readonly string[] Columns =
    [
        "run_id", "benchmark", "ordinal", "name", "parameters", "job", "format", "metric", "metric_ordinal", "unit", "value",
        "statistic", "higher_is_worse", "bound_lower", "bound_upper", "bound_meaning", "samples",
    ];

    public static async Task WriteAsync(DbConnection connection, DbTransaction transaction, RunResult run, CancellationToken cancellationToken)
    {
        if (run.Micro.Count == 0)
        {
            return;
        }

        await using var insert = new Insert(connection, transaction, Table, Columns);
        for (var b = 0; b < run.Micro.Count; b++)
        {
            var benchmark = run.Micro[b];
            var parameters = JsonColumns.Strings([.. benchmark.Parameters.SelectMany(p => new[] { p.Key, p.Value })]);
            for (var m = 0; m < benchmark.Metrics.Count; m++)
            {
                var metric = benchmark.Metrics[m];
                await insert.Set("run_id", run.RunId).Set("benchmark", benchmark.Id).Set("ordinal", (long)b).Set("name", benchmark.Name)
                    .Set("parameters", parameters).Set("job", benchmark.Job).Set("format", run.MicroFormat ?? "").Set("metric", metric.Name)
                    .Set("metric_ordinal", (long)m).Set("unit", metric.Unit).Set("value", Finite(metric.Value)).Set("statistic", metric.Statistic)
                    .Set("higher_is_worse", Db.Flag(metric.HigherIsWorse)).Set("bound_lower", Finite(metric.Bound?.Lower))
                    .Set("bound_upper", Finite(metric.Bound?.Upper)).Set("bound_meaning", metric.Bound?.Meaning)
                    .Set("samples", JsonColumns.Numbers(metric.Samples.Select(s => (double?)s)))
                    .ExecuteAsync(cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>The run's benchmarks in their order, and the format they came from (null without any).</summary>
    public static async Task<(List<MicroBenchmark> Benchmarks, string? Format)> ReadAsync(DbConnection connection, DbTransaction transaction, string runId, CancellationToken cancellationToken)
    {
        var select = $"SELECT benchmark, name, parameters, job, format, metric, unit, value, statistic, higher_is_worse, bound_lower, bound_upper, bound_meaning, samples FROM {Table} WHERE run_id = @id ORDER BY ordinal, metric_ordinal";
        var benchmarks = new List<MicroBenchmark>();
        string? format = null;
        await using var command = Db.Command(connection, transaction, select).With("@id", runId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        (string Id, string Name, string Parameters, string Job, List<MicroMetric> Metrics)? current = null;
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            format ??= reader.Text(4);
            if (current is not { } open || open.Id != reader.Text(0))
            {
                if (current is { } done)
                {
                    benchmarks.Add(Benchmark(done));
                }

                current = (reader.Text(0), reader.Text(1), reader.Text(2), reader.Text(3), []);
            }

            var bound = reader.TextOrNull(12) is { } meaning ? new MicroBound(reader.Double(10), reader.Double(11), meaning) : null;
            current.Value.Metrics.Add(new MicroMetric(reader.Text(5), reader.Text(6), reader.Double(7), [.. JsonColumns.ReadNumbers(reader.Text(13)).Select(v => v ?? double.NaN)])
            {
                Statistic = reader.Text(8),
                HigherIsWorse = reader.Bool(9),
                Bound = bound,
            });
        }

        if (current is { } last)
        {
            benchmarks.Add(Benchmark(last));
        }

        return (benchmarks, format);
    }

    private static MicroBenchmark Benchmark((string Id, string Name, string Parameters, string Job, List<MicroMetric> Metrics) row)
    {
        var flat = JsonColumns.ReadStrings(row.Parameters);
        var parameters = Enumerable.Range(0, flat.Count / 2).Select(i => KeyValuePair.Create(flat[2 * i], flat[(2 * i) + 1])).ToList();
        return new MicroBenchmark(row.Name, parameters, row.Job, row.Metrics);
    }

    private static double? Finite(double? value) => value is { } v && double.IsFinite(v) ? v : null;
}
