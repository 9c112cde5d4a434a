using BenchmarkDotNet.Jobs;

namespace Redline.MicroPacks.Serialization;

/// <summary>The seed's serialization matrix: formats × payload sizes × serialize and deserialize.</summary>
public static class SerializationPack
{
    /// <summary>The formats: json, msgpack, protobuf.</summary>
    public static IReadOnlyList<string> Formats => PayloadCodec.Formats;

    /// <summary>The payload sizes: small, medium, large.</summary>
    public static IReadOnlyList<string> Sizes => Payloads.Sizes;

    /// <summary>The operations: serialize, deserialize.</summary>
    public static readonly IReadOnlyList<string> Operations = ["serialize", "deserialize"];

    /// <summary>Runs the benchmarks of the selection under <paramref name="job"/>; returns the full JSON reports.</summary>
    public static IReadOnlyList<string> Run(
        (IReadOnlyList<string> Formats, IReadOnlyList<string> Sizes, IReadOnlyList<string> Operations) selection,
        Job job,
        string artifacts,
        TextWriter progress)
    {
        SerializationFormats.Selection = (selection.Formats, selection.Sizes);
        try
        {
            return PackRunner.Run(typeof(SerializationFormats), job, m => selection.Operations.Contains(m.ToLowerInvariant()), artifacts, progress);
        }
        finally
        {
            SerializationFormats.Selection = (Formats, Sizes);
        }
    }

    /// <summary>The bytes the payload of <paramref name="size"/> takes in <paramref name="format"/>.</summary>
    public static int EncodedSize(string format, string size) => PayloadCodec.Create(format, Payloads.Create(size)).Encode().Length;
}
