namespace Redline.Engine;

/// <summary>One stage of a scenario's load on its timeline: where the load starts and ends, from when to when.</summary>
/// <param name="Number">Which stage, from 1.</param>
/// <param name="Start">Its start, from the scenario's second zero.</param>
/// <param name="End">Its end.</param>
/// <param name="From">The load at its start: users (closed model) or arrivals per second (open model).</param>
/// <param name="To">The load at its end.</param>
/// <param name="Unit">What the load counts: <c>users</c> or <c>req/s</c>.</param>
public sealed record StageSpan(int Number, TimeSpan Start, TimeSpan End, double From, double To, string Unit)
{
    /// <summary>What the stage is: <c>load</c> for the schedule's own, <c>probe</c> for a level tried to narrow a break, <c>cooldown</c> for the pause before a probe while a bad level's queue drains, <c>recovery</c> for the load held after the break.</summary>
    public string Phase { get; init; } = "load";

    /// <summary>A scenario's stages, when its load has two or more; a flat or day-shaped load has none.</summary>
    public static IReadOnlyList<StageSpan> Of(LoadProfile load) => load switch
    {
        ClosedLoad closed => closed.Users.StageSpans(),
        OpenLoad open => Spans(open.Rate.StartRate, open.Rate.Stages, "req/s"),
        _ => [],
    };

    /// <summary>The spans of <paramref name="stages"/> starting from <paramref name="start"/>; none for fewer than two.</summary>
    internal static List<StageSpan> Spans(double start, IReadOnlyList<Stage> stages, string unit)
    {
        var spans = new List<StageSpan>();
        if (stages.Count < 2)
        {
            return spans;
        }

        var at = TimeSpan.Zero;
        var from = start;
        for (var i = 0; i < stages.Count; i++)
        {
            spans.Add(new StageSpan(i + 1, at, at + stages[i].Duration, stages[i].Step ? stages[i].Target : from, stages[i].Target, unit));
            at += stages[i].Duration;
            from = stages[i].Target;
        }

        return spans;
    }
}
