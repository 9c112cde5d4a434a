using System.Globalization;
using System.Net;

namespace Redline.ReferenceTarget;

/// <summary>Checks <see cref="ReferenceOptions"/> once, listing every problem.</summary>
internal static class ReferenceOptionsValidation
{
    /// <summary>The most MCP server processes the manager runs.</summary>
    public const int MaxMcpServers = 16;

    public static List<string> Problems(ReferenceOptions options)
    {
        var problems = new List<string>();
        if (!Enum.IsDefined(options.Profile))
        {
            problems.Add($"Profile must be Baseline or Optimized, got {options.Profile}");
        }

        if (!IsBindable(options.Host))
        {
            problems.Add($"Host must be an IP address, localhost or *, got '{options.Host}'");
        }

        if (options.Port is < 0 or > 65535)
        {
            problems.Add(Text($"Port must be 0 to 65535, got {options.Port}"));
        }

        if (!double.IsFinite(options.LatencyScale) || options.LatencyScale < 0)
        {
            problems.Add(Text($"LatencyScale must be a non-negative number, got {options.LatencyScale}"));
        }

        if (!double.IsFinite(options.LeakMbPerHour) || options.LeakMbPerHour < 0)
        {
            problems.Add(Text($"LeakMbPerHour must be a non-negative number, got {options.LeakMbPerHour}"));
        }

        if (!double.IsFinite(options.ErrorRatePercent) || options.ErrorRatePercent is < 0 or > 100)
        {
            problems.Add(Text($"ErrorRatePercent must be 0 to 100, got {options.ErrorRatePercent}"));
        }

        if (options.McpServers is < 0 or > MaxMcpServers)
        {
            problems.Add(Text($"McpServers must be 0 to {MaxMcpServers}, got {options.McpServers}"));
        }
        else if (options.McpServers > 0 && options.McpServerCommand is null)
        {
            problems.Add("McpServerCommand is required when McpServers is above 0");
        }

        switch (options.StallLength, options.StallPeriod)
        {
            case (null, null):
                break;
            case ({ } length, { } period) when length > TimeSpan.Zero && length < period:
                break;
            case ({ }, { }):
                problems.Add(Text($"StallLength must be positive and shorter than StallPeriod, got {options.StallLength}/{options.StallPeriod}"));
                break;
            default:
                problems.Add("StallLength and StallPeriod go together: set both or neither");
                break;
        }

        return problems;
    }

    private static bool IsBindable(string? host) =>
        !string.IsNullOrWhiteSpace(host)
        && (IPAddress.TryParse(host, out _) || host is "*" or "+" || string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase));

    private static string Text(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
