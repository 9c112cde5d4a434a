using Redline.MicroPacks.Serialization;

namespace Redline.MicroPacks.Tests.Serialization;

public sealed class PayloadCodecTests
{
    public static TheoryData<string, string> FormatsAndSizes()
    {
        var data = new TheoryData<string, string>();
        foreach (var format in SerializationPack.Formats)
        {
            foreach (var size in SerializationPack.Sizes)
            {
                data.Add(format, size);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(FormatsAndSizes))]
    public void Deserialize_WhatSerializeWrote_GivesBackTheSameOrder(string format, string size)
    {
        var order = Payloads.Create(size);
        var codec = PayloadCodec.Create(format, order);

        var decoded = codec.ToOrder(codec.Deserialize(codec.Encode()));

        Assert.Equal(order, decoded);
        Assert.Equal(order.Lines.Count, decoded.Lines.Count);
        Assert.Equal(order.Lines[^1].Tags, decoded.Lines[^1].Tags);
    }

    [Fact]
    public void Equals_OneTagDifferent_IsFalse()
    {
        var order = Payloads.Create("medium");
        var lines = order.Lines.ToList();
        lines[^1] = lines[^1] with { Tags = [.. lines[^1].Tags, "extra"] };

        Assert.NotEqual(order, order with { Lines = lines });
        Assert.Equal(order, Payloads.Create("medium"));
    }

    [Theory]
    [InlineData("small", 200, 1_000)]
    [InlineData("medium", 10_000, 100_000)]
    [InlineData("large", 800_000, 1_500_000)]
    public void Encode_Json_HasTheSizeTheSeedNames(string size, int least, int most)
    {
        var json = PayloadCodec.Create("json", Payloads.Create(size)).Encode();

        Assert.InRange(json.Length, least, most);
        Assert.StartsWith("{\"id\":", System.Text.Encoding.UTF8.GetString(json), StringComparison.Ordinal);
    }

    [Fact]
    public void Encode_SmallerFormats_AreSmallerThanJson()
    {
        var order = Payloads.Create("large");
        var json = PayloadCodec.Create("json", order).Encode().Length;

        Assert.InRange(PayloadCodec.Create("msgpack", order).Encode().Length, 1, json - 1);
        Assert.InRange(PayloadCodec.Create("protobuf", order).Encode().Length, 1, json - 1);
    }
}
