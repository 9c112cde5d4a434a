using System.Buffers;
using BenchmarkDotNet.Attributes;

namespace Redline.MicroPacks.Serialization;

/// <summary>
/// The seed's serialization benchmarks: an order of each size serialized into a reused buffer and deserialized from its
/// bytes, as JSON (System.Text.Json, source-generated), MessagePack and Protocol Buffers (Google.Protobuf).
/// </summary>
public class SerializationFormats
{
    private PayloadCodec? _codec;
    private byte[] _encoded = [];
    private ArrayBufferWriter<byte> _buffer = new();

    /// <summary>The formats and sizes of this run, set before BenchmarkDotNet reads the parameters (it runs in process).</summary>
    internal static (IReadOnlyList<string> Formats, IReadOnlyList<string> Sizes) Selection { get; set; } = (PayloadCodec.Formats, Payloads.Sizes);

    /// <summary>The formats of this run.</summary>
    public static IEnumerable<string> Formats => Selection.Formats;

    /// <summary>The payload sizes of this run.</summary>
    public static IEnumerable<string> Sizes => Selection.Sizes;

    /// <summary>The format: json, msgpack or protobuf.</summary>
    [ParamsSource(nameof(Formats))]
    public string Format { get; set; } = "";

    /// <summary>The payload: small, medium or large.</summary>
    [ParamsSource(nameof(Sizes))]
    public string Size { get; set; } = "";

    /// <summary>Makes the payload and its encoding, once per format and size.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _codec = PayloadCodec.Create(Format, Payloads.Create(Size));
        _encoded = _codec.Encode();
        _buffer = new ArrayBufferWriter<byte>(_encoded.Length * 2);
    }

    /// <summary>Writes the order; returns the bytes written.</summary>
    [Benchmark]
    public int Serialize()
    {
        _buffer.ResetWrittenCount();
        _codec!.Serialize(_buffer);
        return _buffer.WrittenCount;
    }

    /// <summary>Reads the order back from its bytes.</summary>
    [Benchmark]
    public object Deserialize() => _codec!.Deserialize(_encoded);
}
