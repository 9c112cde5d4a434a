using System.Globalization;
using Redline.Engine;
using Spectre.Console;

namespace Redline.Cli.Commands.Bench;

/// <summary>The console's table of imported micro-benchmarks: time per operation with its bound, allocations, samples.</summary>
internal static class MicroTable
{
    /// <summary>Prints the table, with <paramref name="columns"/> (a pack's own figures) after the standard ones.</summary>
    public static void Print(RunResult result, IReadOnlyList<MicroColumn>? columns = null)
    {
        columns ??= [];
        var table = new Table().Border(TableBorder.Simple);
        table.AddColumns(["benchmark", "time/op", "bound", "allocated/op", "samples", .. columns.Select(c => c.Header)]);
        foreach (var column in table.Columns.Skip(1))
        {
            column.RightAligned();
        }

        foreach (var benchmark in result.Micro)
        {
            var time = benchmark.Metric("time_per_op");
            var throughput = benchmark.Metric("ops_per_s");
            var main = time ?? throughput;
            var allocated = benchmark.Metric("allocated_per_op");
            table.AddRow(
                [.. Standard(benchmark, main, allocated), .. columns.Select(c => Markup.Escape(c.Value(benchmark)))]);
        }

        AnsiConsole.Write(table);
    }

    private static string[] Standard(MicroBenchmark benchmark, MicroMetric? main, MicroMetric? allocated) =>
    [
        Markup.Escape(benchmark.Id),
        main is null ? "-" : Markup.Escape(Value(main.Value, main.Unit)),
        main?.Bound is { } bound ? Markup.Escape($"{Value(bound.Lower, main.Unit)} to {Value(bound.Upper, main.Unit)} ({bound.Meaning})") : "-",
        allocated is null ? "-" : Markup.Escape(Value(allocated.Value, allocated.Unit)),
        (main?.Samples.Count ?? 0).ToString(CultureInfo.InvariantCulture),
    ];

    /// <summary>A value in a readable unit: nanoseconds as ns, µs, ms or s; bytes as B, KB, MB.</summary>
    public static string Value(double value, string unit)
    {
        var culture = CultureInfo.InvariantCulture;
        return unit switch
        {
            "ns" when Math.Abs(value) >= 1e9 => string.Create(culture, $"{value / 1e9:0.###} s"),
            "ns" when Math.Abs(value) >= 1e6 => string.Create(culture, $"{value / 1e6:0.###} ms"),
            "ns" when Math.Abs(value) >= 1e3 => string.Create(culture, $"{value / 1e3:0.###} µs"),
            "ns" => string.Create(culture, $"{value:0.###} ns"),
            "B" when Math.Abs(value) >= 1 << 20 => string.Create(culture, $"{value / (1 << 20):0.##} MB"),
            "B" when Math.Abs(value) >= 1 << 10 => string.Create(culture, $"{value / (1 << 10):0.##} KB"),
            _ => string.Create(culture, $"{value:0.###} {unit}"),
        };
    }
}

/// <summary>A column a pack adds to the table: its header and its value for a benchmark.</summary>
internal sealed record MicroColumn(string Header, Func<MicroBenchmark, string> Value);
