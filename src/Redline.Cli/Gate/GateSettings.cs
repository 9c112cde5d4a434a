using System.ComponentModel;
using Redline.Cli.Suites;
using Redline.Results.Comparison;
using Spectre.Console.Cli;

namespace Redline.Cli.Gate;

/// <summary>The options of the commands that judge a run against a baseline: <c>run</c> and <c>compare</c>.</summary>
internal class GateSettings : StoreSettings
{
    [CommandOption("--noise-window <DURATION>")]
    [Description("How far back earlier runs like this one (suite, machine, branch) count for the run-to-run 3-sigma band a regression must also leave; 0s turns the band off. Default: 168h (7 days).")]
    public string? NoiseWindow { get; init; }

    /// <summary>The parsed --noise-window, or the seed's 7 days.</summary>
    public TimeSpan NoiseWindowValue => NoiseWindow is not null && SuiteUnits.TryParseDuration(NoiseWindow, out var window) ? window : RunToRunNoise.DefaultWindow;

    /// <summary>What is wrong with --noise-window, if anything.</summary>
    protected IEnumerable<string> NoiseWindowProblems()
    {
        if (NoiseWindow is not null && (!SuiteUnits.TryParseDuration(NoiseWindow, out var window) || window < TimeSpan.Zero))
        {
            yield return $"--noise-window: expected a duration such as 168h, 36h or 0s, got '{NoiseWindow}'";
        }
    }
}
