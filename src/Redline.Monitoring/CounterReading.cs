using System.Globalization;
using Microsoft.Diagnostics.Tracing;

namespace Redline.Monitoring;

/// <summary>One value of one System.Runtime EventCounter, as published at the end of a counter interval.</summary>
/// <param name="Name">The counter's name, such as <c>gc-heap-size</c>.</param>
/// <param name="Value">A gauge's value or a counter's increment over the interval, in base units (bytes rather than MB).</param>
/// <param name="IsIncrement">True for a counter that reports how much it grew in the interval (the runtime's "Sum" type).</param>
/// <param name="IntervalSeconds">The interval the value covers, as the runtime measured it.</param>
internal readonly record struct CounterReading(string Name, double Value, bool IsIncrement, double IntervalSeconds)
{
    /// <summary>The provider that publishes the runtime's counters.</summary>
    public const string RuntimeProvider = "System.Runtime";

    private const string CounterEvent = "EventCounters";

    /// <summary>Reads a counter from an event, or returns false for any other event or a payload of an unknown shape.</summary>
    public static bool TryRead(TraceEvent data, out CounterReading reading)
    {
        reading = default;
        if (data.EventName != CounterEvent || data.ProviderName != RuntimeProvider
            || data.PayloadValue(0) is not IDictionary<string, object> outer
            || !outer.TryGetValue("Payload", out var inner) || inner is not IDictionary<string, object> fields)
        {
            return false;
        }

        return TryRead(fields, out reading);
    }

    /// <summary>Reads a counter from the fields of an EventCounters payload.</summary>
    /// <remarks>
    /// A polling counter ("Mean") carries its value in <c>Mean</c>; an incrementing one ("Sum") carries
    /// the growth over the interval in <c>Increment</c>. <c>DisplayUnits</c> says the scale: the runtime
    /// publishes heap size and working set in MB of 1,000,000 bytes.
    /// </remarks>
    public static bool TryRead(IDictionary<string, object> fields, out CounterReading reading)
    {
        reading = default;
        if (!fields.TryGetValue("Name", out var nameValue) || nameValue is not string name)
        {
            return false;
        }

        var isIncrement = fields.TryGetValue("CounterType", out var type) && type is string typeName
            ? typeName == "Sum"
            : fields.ContainsKey("Increment");
        if (!fields.TryGetValue(isIncrement ? "Increment" : "Mean", out var rawValue) || ToDouble(rawValue) is not { } value
            || !double.IsFinite(value))
        {
            return false;
        }

        var interval = fields.TryGetValue("IntervalSec", out var rawInterval) ? ToDouble(rawInterval) ?? 0 : 0;
        var units = fields.TryGetValue("DisplayUnits", out var rawUnits) ? rawUnits as string : null;
        reading = new CounterReading(name, value * UnitScale(units), isIncrement, interval);
        return true;
    }

    private static double UnitScale(string? units) => units switch
    {
        "MB" => 1_000_000,
        "KB" => 1_000,
        "GB" => 1_000_000_000,
        _ => 1,
    };

    private static double? ToDouble(object? value) => value switch
    {
        double d => d,
        float f => f,
        int i => i,
        long l => l,
        string s when double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) => parsed,
        _ => null,
    };
}
