using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Perfolizer.Horology;

namespace Redline.MicroPacks;

/// <summary>
/// The jobs a pack runs under, all in process (nothing is built at run time, so an installed tool can run them):
/// <c>dry</c> one iteration, to check that everything runs; <c>short</c> (the default) 2 warmups and 8 iterations of
/// about 100 ms, enough samples for the gate (it judges from 5, and BenchmarkDotNet drops outliers) with the seed's whole matrix done in minutes;
/// <c>medium</c> 6 warmups and 15 iterations of about 250 ms, for figures worth quoting.
/// </summary>
public static class PackJobs
{
    /// <summary>The job names, the default first.</summary>
    public static readonly IReadOnlyList<string> Names = ["short", "dry", "medium"];

    /// <summary>The job named <paramref name="name"/>, or null when there is none.</summary>
    public static Job? Find(string name)
    {
        var job = name switch
        {
            "dry" => Job.Dry,
            "short" => Job.Default.WithWarmupCount(2).WithIterationCount(8).WithIterationTime(TimeInterval.FromMilliseconds(100)),
            "medium" => Job.Default.WithWarmupCount(6).WithIterationCount(15).WithIterationTime(TimeInterval.FromMilliseconds(250)),
            _ => null,
        };
        return job?.WithToolchain(InProcessEmitToolchain.Instance).WithId(name);
    }
}
