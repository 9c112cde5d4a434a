using System.ComponentModel;
using System.Globalization;
using Redline.Cli.Suites;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Redline.Cli.Commands;

/// <summary>The options of <c>redline run</c>.</summary>
internal sealed class RunSettings : Gate.JudgedRunSettings
{
    [CommandArgument(0, "<SUITE>")]
    [Description("The suite file (YAML).")]
    public string Suite { get; init; } = "";

    [CommandOption("-s|--scenario <NAME>")]
    [Description("Run only this scenario; repeat for several. Default: all, in file order.")]
    public string[] Scenarios { get; init; } = [];

    [CommandOption("-d|--duration <DURATION>")]
    [Description("Run each scenario for this long (e.g. 30s, 5m); its shape is stretched or squeezed to fit.")]
    public string? Duration { get; init; }

    [CommandOption("--scale <FACTOR>")]
    [Description("Multiply users and rates, e.g. 0.01 to run a production-sized scenario on a laptop.")]
    public string? Scale { get; init; }

    [CommandOption("--repeat <N>")]
    [Description("Run each scenario N times (1 to 20), restarting the target between repeats when the suite starts it; stored as one run whose spread the regression gate judges. Overrides the suite's repeat:.")]
    public int? Repeat { get; init; }

    [CommandOption("-q|--quiet")]
    [Description("No live view; only the summary.")]
    public bool Quiet { get; init; }

    [CommandOption("--dashboard [ADDR]")]
    [Description("Serve the live dashboard and /metrics while the run goes on, on ADDR (default 127.0.0.1:5665; :0 picks a free port; --dashboard ADDR or --dashboard=ADDR). Another address than loopback needs REDLINE_DASHBOARD_TOKEN.")]
    public FlagValue<string>? Dashboard { get; init; }

    /// <summary>The parsed --duration.</summary>
    public TimeSpan? DurationOverride => Duration is null ? null : SuiteUnits.TryParseDuration(Duration, out var d) ? d : null;

    /// <summary>The parsed --scale.</summary>
    public double ScaleFactor => Scale is null ? 1 : double.Parse(Scale, CultureInfo.InvariantCulture);

    public override ValidationResult Validate()
    {
        var problems = new List<string>();
        if (Duration is not null && (!SuiteUnits.TryParseDuration(Duration, out var duration) || duration <= TimeSpan.Zero))
        {
            problems.Add($"--duration: expected a duration such as 30s or 5m, got '{Duration}'");
        }

        if (Scale is not null && (!double.TryParse(Scale, NumberStyles.Float, CultureInfo.InvariantCulture, out var scale) || scale <= 0 || double.IsInfinity(scale)))
        {
            problems.Add($"--scale: expected a positive number such as 0.01, got '{Scale}'");
        }

        if (Repeat is < 1 or > ScenarioSpec.MaxRepeats)
        {
            problems.Add($"--repeat: expected a whole number from 1 to {ScenarioSpec.MaxRepeats}, got {Repeat}");
        }

        problems.AddRange(JudgementProblems());
        return problems.Count == 0 ? ValidationResult.Success() : ValidationResult.Error(string.Join(Environment.NewLine, problems));
    }
}
