using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Exporters.Json;
using BenchmarkDotNet.Filters;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;

namespace Redline.MicroPacks;

/// <summary>
/// Runs one pack's benchmark class in this process with the memory diagnoser and BenchmarkDotNet's full JSON exporter,
/// and returns the report it wrote. BenchmarkDotNet's progress is shown a line per benchmark;
/// its whole log is kept in the artifacts folder.
/// </summary>
public static class PackRunner
{
    /// <summary>
    /// Runs the benchmarks of <paramref name="type"/> whose method <paramref name="include"/> accepts, writing into
    /// <paramref name="artifacts"/>; returns the <c>*-report-full.json</c> files.
    /// </summary>
    public static IReadOnlyList<string> Run(Type type, Job job, Func<string, bool> include, string artifacts, TextWriter progress)
    {
        Directory.CreateDirectory(artifacts);
        var config = ManualConfig.CreateEmpty()
            .AddJob(job)
            .AddDiagnoser(MemoryDiagnoser.Default)
            .AddExporter(JsonExporter.Full)
            .AddColumnProvider(DefaultColumnProviders.Instance)
            .AddLogger(new ProgressLogger(progress))
            .AddFilter(new SimpleFilter(b => include(b.Descriptor.WorkloadMethod.Name)))
            .WithArtifactsPath(artifacts)
            .WithOptions(ConfigOptions.DisableLogFile);
        BenchmarkRunner.Run(type, config);
        var results = Path.Combine(artifacts, "results");
        return Directory.Exists(results) ? [.. Directory.GetFiles(results, "*-report-full.json").Order(StringComparer.Ordinal)] : [];
    }
}
