using Redline.Results.Analysis;
using Redline.Results.Comparison;

namespace Redline.Results.Tests.Comparison;

/// <summary>The seeded simulation of the gate: what the README's accuracy table claims, at a smaller size.</summary>
public sealed class GateSimulationTests
{
    private static readonly GateSimulationOptions Options = new() { Trials = 100 };

    [Fact]
    public void Run_AAWithTheRunToRunBand_AlmostNoFalseAlerts_WithoutItTheWithinRunTestsAreFooledByRunNoise()
    {
        var banded = GateSimulation.Run(Options, history: true, repeats: 1, shift: 0);
        var alone = GateSimulation.Run(Options, history: false, repeats: 1, shift: 0);

        Assert.Equal(300, banded.MetricRuns);
        Assert.True(banded.FalseAlerts <= 3, $"{banded.FalseAlerts} false alerts with the band");
        Assert.True(alone.FalseAlerts > banded.FalseAlerts, $"{alone.FalseAlerts} without the band, {banded.FalseAlerts} with it");
    }

    [Fact]
    public void Run_RepeatsOnBothSides_AlmostNoFalseAlertAndMostFortyPercentShiftsFoundAndGradedCritical()
    {
        var aa = GateSimulation.Run(Options, history: false, repeats: 3, shift: 0);
        var shifted = GateSimulation.Run(Options, history: true, repeats: 3, shift: 40);

        Assert.True(aa.FalseAlerts <= 3, $"{aa.FalseAlerts} false alerts over 300 metric-runs");
        Assert.True(shifted.Detected >= 70, $"{shifted.Detected} of 100 found");
        Assert.Equal(RegressionSeverity.Critical, shifted.TrueSeverity);
        Assert.True(shifted.AtTrueSeverity >= 40, $"{shifted.AtTrueSeverity} of 100 graded critical");
    }

    [Fact]
    public void Run_SameOptions_SameTable()
    {
        var first = GateSimulation.Run(Options with { Trials = 10 }, history: false, repeats: 1, shift: 10);
        var again = GateSimulation.Run(Options with { Trials = 10 }, history: false, repeats: 1, shift: 10);

        Assert.Equal(first.Grades, again.Grades);
        Assert.Equal(RegressionSeverity.Warning, first.TrueSeverity);
    }
}
