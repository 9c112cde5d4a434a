using System.Globalization;
using Redline.Engine;
using Spectre.Console;

namespace Redline.Cli.Commands.Bench;

/// <summary>The console's table of imported micro-benchmarks: time per operation with its bound, allocations, samples.</summary>
internal static class MicroTable
{
    public static void Print(RunResult result)
    {
        var table = new Table().Border(TableBorder.Simple);
        table.AddColumns("benchmark", "time/op", "bound", "allocated/op", "samples");
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
                Markup.Escape(benchmark.Id),
                main is null ? "-" : Markup.Escape(Value(main.Value, main.Unit)),
                main?.Bound is { } bound ? Markup.Escape($"{Value(bound.Lower, main.Unit)} to {Value(bound.Upper, main.Unit)} ({bound.Meaning})") : "-",
                allocated is null ? "-" : Markup.Escape(Value(allocated.Value, allocated.Unit)),
                (main?.Samples.Count ?? 0).ToString(CultureInfo.InvariantCulture));
        }

        AnsiConsole.Write(table);
    }

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
