using Redline.MicroPacks.Serialization.Proto;

namespace Redline.MicroPacks.Serialization;

/// <summary>An <see cref="Order"/> as the generated Protocol Buffers message, and back.</summary>
internal static class ProtoOrders
{
    public static OrderMessage ToMessage(Order order)
    {
        var message = new OrderMessage
        {
            Id = order.Id,
            Customer = order.Customer,
            CreatedUnixMs = order.CreatedUnixMs,
            Currency = order.Currency,
            Note = order.Note,
        };
        foreach (var line in order.Lines)
        {
            var item = new OrderLineMessage { Sku = line.Sku, Description = line.Description, Quantity = line.Quantity, UnitPriceCents = line.UnitPriceCents };
            item.Tags.AddRange(line.Tags);
            message.Lines.Add(item);
        }

        return message;
    }

    public static Order FromMessage(OrderMessage message) => new()
    {
        Id = message.Id,
        Customer = message.Customer,
        CreatedUnixMs = message.CreatedUnixMs,
        Currency = message.Currency,
        Note = message.Note,
        Lines = [.. message.Lines.Select(l => new OrderLine { Sku = l.Sku, Description = l.Description, Quantity = l.Quantity, UnitPriceCents = l.UnitPriceCents, Tags = [.. l.Tags] })],
    };
}
