using BenchmarkDotNet.Attributes;
using Redline.Engine;

namespace Redline.Benchmarks;

/// <summary>Choosing the component of each iteration by the request mix's weights.</summary>
[MemoryDiagnoser]
public class MixPickerBenchmarks
{
    private MixPicker _picker = null!;
    private Random _random = null!;

    [Params(1, 3, 10)]
    public int Components { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        Step step = static (_, _) => ValueTask.FromResult(Outcome.Ok(200));
        _picker = new MixPicker([.. Enumerable.Range(0, Components).Select(i => new ComponentPlan($"c{i}", step, Weight: i + 1))]);
        _random = new Random(7);
    }

    [Benchmark]
    public int Pick() => _picker.Pick(_random);
}
