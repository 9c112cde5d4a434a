namespace Redline.MicroPacks.Serialization;

/// <summary>
/// The seed's payload sizes as orders with deterministic content: small is one order of 2 lines (a few hundred bytes),
/// medium 200 lines (tens of KB), large 8,000 lines (about 1 MB as JSON).
/// </summary>
internal static class Payloads
{
    /// <summary>The sizes in the seed's order.</summary>
    public static readonly IReadOnlyList<string> Sizes = ["small", "medium", "large"];

    private static readonly string[] Words =
        ["blue", "linen", "shirt", "cotton", "trousers", "wool", "jacket", "green", "leather", "boots", "red", "scarf", "summer", "winter"];

    /// <summary>The order of a size; the same size always gives the same order.</summary>
    public static Order Create(string size)
    {
        var lines = size switch
        {
            "small" => 2,
            "medium" => 200,
            "large" => 8000,
            _ => throw new ArgumentOutOfRangeException(nameof(size), size, "expected small, medium or large"),
        };
        var random = new Random(lines);
        return new Order
        {
            Id = 1_000_000 + lines,
            Customer = $"customer-{random.Next(100_000):D6}@example.com",
            CreatedUnixMs = 1_767_225_600_000 + random.Next(86_400_000),
            Currency = "EUR",
            Note = "Leave the parcel with the neighbour if nobody is at home.",
            Lines = [.. Enumerable.Range(0, lines).Select(i => Line(random, i))],
        };
    }

    private static OrderLine Line(Random random, int index) => new()
    {
        Sku = $"SKU-{random.Next(1_000_000):D7}",
        Description = $"Item {index}: {Words[random.Next(Words.Length)]} {Words[random.Next(Words.Length)]}, size {random.Next(30, 50)}",
        Quantity = random.Next(1, 10),
        UnitPriceCents = random.Next(100, 100_000),
        Tags = [.. Enumerable.Range(0, random.Next(0, 4)).Select(_ => Words[random.Next(Words.Length)])],
    };
}
