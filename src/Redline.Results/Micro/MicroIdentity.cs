using Redline.Engine;

namespace Redline.Results.Micro;

/// <summary>Keeps an import's identities unique: two results under one identity would be compared as one benchmark.</summary>
internal static class MicroIdentity
{
    /// <summary>Returns <paramref name="benchmarks"/>, or fails naming the file and the first identity that appears twice.</summary>
    public static IReadOnlyList<MicroBenchmark> Unique(string file, IReadOnlyList<MicroBenchmark> benchmarks)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var b in benchmarks)
        {
            if (!seen.Add(b.Id))
            {
                throw new MicroFormatException($"{file}: the benchmark {b.Id} appears twice; its results cannot be told apart");
            }
        }
        return benchmarks;
    }

    /// <summary>Parameters as the model keeps them.</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> Pairs(IEnumerable<(string Key, string Value)> pairs) =>
        pairs.Select(p => KeyValuePair.Create(p.Key, p.Value)).ToArray();
}
