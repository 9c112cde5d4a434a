using System.Buffers;
using System.Text.Json;
using Google.Protobuf;
using MessagePack;
using Redline.MicroPacks.Serialization.Proto;

namespace Redline.MicroPacks.Serialization;

/// <summary>
/// One format's serializer of one order. Serializing writes into a buffer the caller reuses, so what is allocated is the
/// serializer's own; deserializing reads the encoded bytes back into a new object graph.
/// </summary>
internal abstract class PayloadCodec
{
    /// <summary>The formats in the seed's order.</summary>
    public static readonly IReadOnlyList<string> Formats = ["json", "msgpack", "protobuf"];

    /// <summary>The codec of <paramref name="format"/> holding <paramref name="order"/>.</summary>
    public static PayloadCodec Create(string format, Order order) => format switch
    {
        "json" => new JsonCodec(order),
        "msgpack" => new MessagePackCodec(order),
        "protobuf" => new ProtobufCodec(order),
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, "expected json, msgpack or protobuf"),
    };

    /// <summary>Writes the order into <paramref name="buffer"/>.</summary>
    public abstract void Serialize(IBufferWriter<byte> buffer);

    /// <summary>Reads an order (in the format's own model) from <paramref name="encoded"/>.</summary>
    public abstract object Deserialize(ReadOnlyMemory<byte> encoded);

    /// <summary>What <see cref="Deserialize"/> returned, as an <see cref="Order"/>.</summary>
    public abstract Order ToOrder(object decoded);

    /// <summary>The order's encoding as an array.</summary>
    public byte[] Encode()
    {
        var buffer = new ArrayBufferWriter<byte>();
        Serialize(buffer);
        return buffer.WrittenSpan.ToArray();
    }

    private sealed class JsonCodec(Order order) : PayloadCodec
    {
        // One writer, re-pointed at the buffer each time, as a server reusing its writers does.
        private readonly Utf8JsonWriter _writer = new(Stream.Null);

        public override void Serialize(IBufferWriter<byte> buffer)
        {
            _writer.Reset(buffer);
            JsonSerializer.Serialize(_writer, order, OrderJsonContext.Default.Order);
        }

        public override object Deserialize(ReadOnlyMemory<byte> encoded) =>
            JsonSerializer.Deserialize(encoded.Span, OrderJsonContext.Default.Order) ?? throw new InvalidDataException("null order");

        public override Order ToOrder(object decoded) => (Order)decoded;
    }

    private sealed class MessagePackCodec(Order order) : PayloadCodec
    {
        public override void Serialize(IBufferWriter<byte> buffer) => MessagePackSerializer.Serialize(buffer, order);

        public override object Deserialize(ReadOnlyMemory<byte> encoded) => MessagePackSerializer.Deserialize<Order>(encoded);

        public override Order ToOrder(object decoded) => (Order)decoded;
    }

    private sealed class ProtobufCodec(Order order) : PayloadCodec
    {
        private readonly OrderMessage _message = ProtoOrders.ToMessage(order);

        public override void Serialize(IBufferWriter<byte> buffer) => _message.WriteTo(buffer);

        public override object Deserialize(ReadOnlyMemory<byte> encoded) => OrderMessage.Parser.ParseFrom(encoded.Span);

        public override Order ToOrder(object decoded) => ProtoOrders.FromMessage((OrderMessage)decoded);
    }
}
