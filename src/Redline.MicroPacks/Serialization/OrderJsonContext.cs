using System.Text.Json.Serialization;

namespace Redline.MicroPacks.Serialization;

/// <summary>System.Text.Json's source-generated (reflection-free) serializer of <see cref="Order"/>, in camelCase.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(Order))]
internal sealed partial class OrderJsonContext : JsonSerializerContext;
