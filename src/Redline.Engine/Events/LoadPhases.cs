using System.Globalization;

namespace Redline.Engine;

/// <summary>The moments a scenario's load changes its course: stage starts, bursts, the peaks of a simulated day.</summary>
internal static class LoadPhases
{
    /// <summary>Each phase's start and a line that says what it is, in time order.</summary>
    public static List<(TimeSpan At, string Text)> Of(LoadProfile load)
    {
        var phases = load switch
        {
            ClosedLoad closed => closed.Users.Phases(),
            OpenLoad open => Open(open.Rate),
            _ => [],
        };
        phases.Sort((a, b) => a.At.CompareTo(b.At));
        return phases;
    }

    /// <summary>Stage starts (when there is more than one stage) with where each moves to, in <paramref name="unit"/>.</summary>
    public static List<(TimeSpan At, string Text)> Stages(IReadOnlyList<Stage> stages, string unit)
    {
        var phases = new List<(TimeSpan, string)>();
        if (stages.Count < 2)
        {
            return phases;
        }

        var at = TimeSpan.Zero;
        for (var i = 0; i < stages.Count; i++)
        {
            phases.Add((at, stages[i].Step
                ? string.Create(CultureInfo.InvariantCulture, $"stage {i + 1} of {stages.Count}: {stages[i].Target:0.##} {unit} for {stages[i].Duration.TotalSeconds:0.##} s")
                : string.Create(CultureInfo.InvariantCulture, $"stage {i + 1} of {stages.Count}: to {stages[i].Target:0.##} {unit} over {stages[i].Duration.TotalSeconds:0.##} s")));
            at += stages[i].Duration;
        }

        return phases;
    }

    private static List<(TimeSpan At, string Text)> Open(RateSchedule rate)
    {
        var phases = Stages(rate.Stages, "req/s");
        if (rate.Burst is { } burst)
        {
            for (var start = burst.Start; start < rate.Duration; start += burst.Every)
            {
                var end = start + burst.Duration;
                phases.Add((start, string.Create(CultureInfo.InvariantCulture, $"burst: +{burst.Rate:0.##} req/s for {burst.Duration.TotalSeconds:0.##} s")));
                if (end < rate.Duration)
                {
                    phases.Add((end, "burst ended"));
                }
            }
        }

        return phases;
    }
}
