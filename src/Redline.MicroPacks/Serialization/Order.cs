using MessagePack;

namespace Redline.MicroPacks.Serialization;

/// <summary>The serialization pack's payload: an order with its lines, the same data in every format.</summary>
[MessagePackObject]
public sealed record Order
{
    /// <summary>The order number.</summary>
    [Key(0)]
    public long Id { get; init; }

    /// <summary>The customer's e-mail address.</summary>
    [Key(1)]
    public string Customer { get; init; } = "";

    /// <summary>When it was placed, in Unix milliseconds.</summary>
    [Key(2)]
    public long CreatedUnixMs { get; init; }

    /// <summary>The ISO currency code of the prices.</summary>
    [Key(3)]
    public string Currency { get; init; } = "";

    /// <summary>What was ordered.</summary>
    [Key(4)]
    public IReadOnlyList<OrderLine> Lines { get; init; } = [];

    /// <summary>A delivery note.</summary>
    [Key(5)]
    public string Note { get; init; } = "";

    /// <summary>Orders compare by content, their lines included (a record's own equality compares the list by reference).</summary>
    public bool Equals(Order? other) =>
        other is not null && Id == other.Id && Customer == other.Customer && CreatedUnixMs == other.CreatedUnixMs
        && Currency == other.Currency && Note == other.Note && Lines.SequenceEqual(other.Lines);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Id, Customer, CreatedUnixMs, Currency, Lines.Count, Note);
}

/// <summary>One line of an <see cref="Order"/>.</summary>
[MessagePackObject]
public sealed record OrderLine
{
    /// <summary>The stock-keeping unit.</summary>
    [Key(0)]
    public string Sku { get; init; } = "";

    /// <summary>What the item is.</summary>
    [Key(1)]
    public string Description { get; init; } = "";

    /// <summary>How many.</summary>
    [Key(2)]
    public int Quantity { get; init; }

    /// <summary>The price of one, in cents.</summary>
    [Key(3)]
    public long UnitPriceCents { get; init; }

    /// <summary>Labels of the item.</summary>
    [Key(4)]
    public IReadOnlyList<string> Tags { get; init; } = [];

    /// <summary>Lines compare by content, their tags included.</summary>
    public bool Equals(OrderLine? other) =>
        other is not null && Sku == other.Sku && Description == other.Description && Quantity == other.Quantity
        && UnitPriceCents == other.UnitPriceCents && Tags.SequenceEqual(other.Tags);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Sku, Description, Quantity, UnitPriceCents, Tags.Count);
}
