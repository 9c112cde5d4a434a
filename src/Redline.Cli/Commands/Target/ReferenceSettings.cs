using System.ComponentModel;
using System.Globalization;
using Redline.Cli.Suites;
using Redline.ReferenceTarget;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Redline.Cli.Commands.Target;

/// <summary>The options every <c>redline target</c> command shares: the deployment's profile, address, latencies, faults.</summary>
internal class ReferenceSettings : CommandSettings
{
    [CommandOption("--profile <PROFILE>")]
    [Description("baseline (the seed's system before optimisation) or optimized. Default: baseline.")]
    public string Profile { get; init; } = "baseline";

    [CommandOption("--port <PORT>")]
    [Description("The port to listen on (0 picks a free one). Default: 5090.")]
    public int Port { get; init; } = 5090;

    [CommandOption("--host <ADDRESS>")]
    [Description("The address to bind. Default: 127.0.0.1.")]
    public string Host { get; init; } = "127.0.0.1";

    [CommandOption("--latency-scale <FACTOR>")]
    [Description("Multiply every simulated latency, e.g. 0.1 for a quick demo. Default: 1 (the seed's figures).")]
    public string LatencyScale { get; init; } = "1";

    [CommandOption("--leak <MB_PER_HOUR>")]
    [Description("Retain real memory at this rate: a known leak for detectors to find.")]
    public string? Leak { get; init; }

    [CommandOption("--stall <DURATION/PERIOD>")]
    [Description("Hold every response for DURATION once every PERIOD, e.g. 1s/5s.")]
    public string? Stall { get; init; }

    [CommandOption("--error-rate <PERCENT>")]
    [Description("Answer this share of requests with 500, e.g. 2%.")]
    public string? ErrorRate { get; init; }

    [CommandOption("--seed <N>")]
    [Description("Seeds simulated latencies and fault choices. Default: 1.")]
    public int Seed { get; init; } = 1;

    [CommandOption("--database <PATH>")]
    [Description("The SQLite file to use; a new temporary file by default.")]
    public string? Database { get; init; }

    public override ValidationResult Validate()
    {
        var problems = new List<string>();
        _ = ToOptions(problems);
        CheckMore(problems);
        return problems.Count == 0 ? ValidationResult.Success() : ValidationResult.Error(string.Join(Environment.NewLine, problems));
    }

    /// <summary>Adds the problems of a command's own options to <paramref name="problems"/>.</summary>
    protected virtual void CheckMore(List<string> problems)
    {
    }

    /// <summary>The reference deployment's options; problems are added to <paramref name="problems"/>.</summary>
    public ReferenceOptions ToOptions(List<string> problems)
    {
        var profile = Profile.ToLowerInvariant() switch
        {
            "baseline" => ReferenceTarget.Profile.Baseline,
            "optimized" or "optimised" => ReferenceTarget.Profile.Optimized,
            _ => Problem(problems, $"--profile: expected baseline or optimized, got '{Profile}'", ReferenceTarget.Profile.Baseline),
        };
        if (Port is < 0 or > 65535)
        {
            problems.Add($"--port: expected 0 to 65535, got {Port}");
        }

        var scale = ParseNumber(LatencyScale, "--latency-scale", problems, allowZero: true);
        var leak = Leak is null ? 0 : ParseNumber(Leak, "--leak", problems, allowZero: true);
        double errorRate = 0;
        if (ErrorRate is not null && (!(SuiteUnits.TryParsePercentage(ErrorRate, out errorRate) || double.TryParse(ErrorRate, NumberStyles.Float, CultureInfo.InvariantCulture, out errorRate)) || errorRate is < 0 or > 100))
        {
            problems.Add($"--error-rate: expected a percentage from 0% to 100%, got '{ErrorRate}'");
        }

        (TimeSpan Length, TimeSpan Period)? stall = null;
        if (Stall is not null)
        {
            var parts = Stall.Split('/');
            if (parts.Length == 2 && SuiteUnits.TryParseDuration(parts[0], out var length) && SuiteUnits.TryParseDuration(parts[1], out var period) && length > TimeSpan.Zero && length < period)
            {
                stall = (length, period);
            }
            else
            {
                problems.Add($"--stall: expected DURATION/PERIOD with the duration shorter than the period, e.g. 1s/5s, got '{Stall}'");
            }
        }

        return new ReferenceOptions
        {
            Profile = profile,
            Host = Host,
            Port = Port,
            LatencyScale = scale,
            LeakMbPerHour = leak,
            StallLength = stall?.Length,
            StallPeriod = stall?.Period,
            ErrorRatePercent = errorRate,
            Seed = Seed,
            DatabasePath = Database,
        };
    }

    private static double ParseNumber(string text, string option, List<string> problems, bool allowZero)
    {
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && (value > 0 || (allowZero && value == 0)) && !double.IsInfinity(value))
        {
            return value;
        }

        problems.Add($"{option}: expected a non-negative number, got '{text}'");
        return 0;
    }

    private static T Problem<T>(List<string> problems, string message, T fallback)
    {
        problems.Add(message);
        return fallback;
    }
}
