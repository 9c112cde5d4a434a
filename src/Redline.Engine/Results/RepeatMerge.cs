namespace Redline.Engine;

/// <summary>
/// Folds a scenario that ran several times (<see cref="ScenarioPlan.Repeats"/>) into one result: one scenario whose
/// seconds are all its repeats' seconds back to back, whose figures and criteria are those of all of them, and whose
/// <see cref="ScenarioResult.Repeats"/> keep each repeat's own figures for the run-level spread.
/// </summary>
public static class RepeatMerge
{
    /// <summary>
    /// <paramref name="run"/> with each scenario's repeats folded, read from the intervals file the run wrote; a run
    /// without repeats is returned as it is. The run's verdict is the worst of the folded scenarios' (aborted stays aborted).
    /// </summary>
    /// <exception cref="FormatException">The intervals file is not what Redline writes.</exception>
    public static RunResult Merge(RunResult run, string intervalsPath)
    {
        ArgumentNullException.ThrowIfNull(run);
        var groups = run.Scenarios.GroupBy(s => s.Name, StringComparer.Ordinal).ToList();
        if (groups.All(g => g.Count() == 1))
        {
            return run;
        }

        List<ScenarioResult> scenarios = [.. groups.Select(g => g.Count() == 1 ? g.First() : Fold(intervalsPath, g.Key, [.. g]))];
        var verdict = run.Verdict == Verdict.Aborted ? Verdict.Aborted
            : scenarios.Any(s => s.Verdict != Verdict.Passed) ? Verdict.Failed
            : Verdict.Passed;
        return run with { Scenarios = scenarios, Verdict = verdict };
    }

    private static ScenarioResult Fold(string intervalsPath, string scenario, IReadOnlyList<ScenarioResult> repeats)
    {
        if (File.Exists(intervalsPath))
        {
            return IntervalFileReader.FoldRepeats(intervalsPath, scenario, repeats);
        }

        // Without the file there are no seconds to fold: the last repeat stands for the scenario, and says so.
        var last = repeats[^1];
        return last with
        {
            Repeats = [.. repeats.Select(ScenarioRepeat.Of)],
            Notes = [.. last.Notes, $"the repeats' seconds could not be read back from {intervalsPath}: the figures are repeat {last.Repeat}'s alone"],
        };
    }
}
