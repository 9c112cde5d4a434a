using BenchmarkDotNet.Attributes;
using Redline.Engine;
using Redline.Monitoring;

namespace Redline.Benchmarks;

/// <summary>
/// What one read of each resource source costs: at 1 Hz the per-second cost is this time, so
/// 100 µs per read is 0.01% of one core. The runtime's diagnostics-port session also costs a
/// reader thread; <see cref="MonitorCost"/> measures the whole of it.
/// </summary>
[MemoryDiagnoser]
public class MonitorBenchmarks
{
    private ProcessMetricsSampler _process = null!;
    private ProcessMetricsSampler _processTree = null!;
    private SystemMetricsSampler _system = null!;
    private SystemMetricsSampler _systemWithConnections = null!;
    private GeneratorRuntimeSampler _generator = null!;

    [GlobalSetup]
    public void Setup()
    {
        _process = new ProcessMetricsSampler(Environment.ProcessId);
        _processTree = new ProcessMetricsSampler(Environment.ProcessId, includeChildren: true);
        _system = new SystemMetricsSampler();
        _systemWithConnections = new SystemMetricsSampler(TimeSpan.Zero);
        _generator = new GeneratorRuntimeSampler();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _process.Dispose();
        _processTree.Dispose();
        _generator.Dispose();
    }

    /// <summary>One process: stat, status, io and the fd directory.</summary>
    [Benchmark]
    public ProcessMetrics Process() => _process.Sample(TimeSpan.Zero);

    /// <summary>One process and its descendants, found again by walking /proc.</summary>
    [Benchmark]
    public ProcessMetrics ProcessWithChildren() => _processTree.Sample(TimeSpan.Zero);

    /// <summary>The machine, with TCP connection states read every 10 s as in a run.</summary>
    [Benchmark]
    public SystemMetrics System() => _system.Sample(TimeSpan.Zero);

    /// <summary>The machine with TCP connection states read at every sample: the 10 s refresh exists because of this.</summary>
    [Benchmark]
    public SystemMetrics SystemReadingConnections() => _systemWithConnections.Sample(TimeSpan.Zero);

    /// <summary>The generator's own runtime.</summary>
    [Benchmark]
    public RuntimeMetrics GeneratorRuntime() => _generator.Sample(TimeSpan.Zero);
}
