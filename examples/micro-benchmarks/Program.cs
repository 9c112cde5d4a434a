using System.Text.Json;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Running;

// `redline bench run examples/micro-benchmarks` runs these and judges them against the last run.
// Main hands its arguments to BenchmarkSwitcher, so Redline's --exporters and --artifacts reach it.
BenchmarkSwitcher.FromAssembly(typeof(MicroBenchmarks.Serialization).Assembly).Run(args);

namespace MicroBenchmarks
{
    /// <summary>The seed's serialization benchmark in small: an order as JSON, serialized and read back.</summary>
    [MemoryDiagnoser]
    public class Serialization
    {
        private Order _order = new(0, "", []);
        private byte[] _json = [];

        /// <summary>How many lines the order has: small or large.</summary>
        [Params(1, 100)]
        public int Lines { get; set; }

        [GlobalSetup]
        public void Setup()
        {
            _order = new Order(42, "customer-7", [.. Enumerable.Range(0, Lines).Select(i => new Line($"sku-{i}", i % 5 + 1, 9.99m + i))]);
            _json = JsonSerializer.SerializeToUtf8Bytes(_order);
        }

        [Benchmark]
        public byte[] Serialize() => JsonSerializer.SerializeToUtf8Bytes(_order);

        [Benchmark]
        public Order? Deserialize() => JsonSerializer.Deserialize<Order>(_json);
    }

    /// <summary>The seed's function performance: a pure function, timed per call.</summary>
    public class Functions
    {
        private readonly int[] _values = [.. Enumerable.Range(0, 1000).Select(i => (i * 7919) % 1000)];

        [Benchmark]
        public int SumOfSquares()
        {
            var sum = 0;
            foreach (var value in _values)
            {
                sum += value * value;
            }

            return sum;
        }
    }

    public sealed record Order(int Id, string Customer, IReadOnlyList<Line> Lines);

    public sealed record Line(string Sku, int Quantity, decimal Price);
}
