using System.ComponentModel;
using System.Globalization;
using Redline.Cli.Suites;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Redline.Cli.Demo;

/// <summary>The options of <c>redline demo</c>.</summary>
internal sealed class DemoSettings : CommandSettings
{
    [CommandOption("-d|--duration <DURATION>")]
    [Description("How long each profile runs. Default: 20s.")]
    public string Duration { get; init; } = "20s";

    [CommandOption("--scale <FACTOR>")]
    [Description("Multiplies the seed's 500-1500 users. Default: 0.02 (10-30 users).")]
    public string Scale { get; init; } = "0.02";

    [CommandOption("--latency-scale <FACTOR>")]
    [Description("Multiplies the reference deployment's simulated latencies. Default: 1, the seed's own figures.")]
    public string LatencyScale { get; init; } = "1";

    [CommandOption("-o|--out <DIR>")]
    [Description("Where both runs and the table go. Default: .redline/demo/<time>/")]
    public string? Out { get; init; }

    [CommandOption("-q|--quiet")]
    [Description("No live view.")]
    public bool Quiet { get; init; }

    public TimeSpan DurationValue => SuiteUnits.TryParseDuration(Duration, out var d) ? d : TimeSpan.FromSeconds(20);

    public double ScaleValue => double.Parse(Scale, CultureInfo.InvariantCulture);

    public double LatencyScaleValue => double.Parse(LatencyScale, CultureInfo.InvariantCulture);

    public override ValidationResult Validate()
    {
        var problems = new List<string>();
        if (!SuiteUnits.TryParseDuration(Duration, out var duration) || duration < TimeSpan.FromSeconds(2))
        {
            problems.Add($"--duration: expected a duration of at least 2s such as 20s, got '{Duration}'");
        }

        foreach (var (name, text) in new[] { ("--scale", Scale), ("--latency-scale", LatencyScale) })
        {
            if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || value <= 0 || double.IsInfinity(value))
            {
                problems.Add($"{name}: expected a positive number, got '{text}'");
            }
        }

        return problems.Count == 0 ? ValidationResult.Success() : ValidationResult.Error(string.Join(Environment.NewLine, problems));
    }
}
