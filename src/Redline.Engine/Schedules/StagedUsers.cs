namespace Redline.Engine;

/// <summary>Users moving linearly from one stage's target to the next.</summary>
internal sealed class StagedUsers : UserSchedule
{
    private readonly double _start;
    private readonly Stage[] _stages;

    public StagedUsers(double startUsers, IReadOnlyList<Stage> stages)
    {
        if (stages.Count == 0)
        {
            throw new ArgumentException("At least one stage is needed.", nameof(stages));
        }

        _start = startUsers;
        _stages = [.. stages];
        Duration = TimeSpan.FromTicks(_stages.Sum(s => s.Duration.Ticks));
        MaxUsers = (int)Math.Floor(Math.Max(startUsers, _stages.Max(s => s.Target)) + 0.5);
    }

    public override TimeSpan Duration { get; }

    internal override List<StageSpan> StageSpans() => StageSpan.Spans(_start, _stages, "users");

    public override int MaxUsers { get; }

    public override double LevelAt(TimeSpan elapsed)
    {
        var from = _start;
        var stageStart = TimeSpan.Zero;
        foreach (var stage in _stages)
        {
            var stageEnd = stageStart + stage.Duration;
            if (elapsed < stageEnd)
            {
                var fraction = stage.Step || stage.Duration == TimeSpan.Zero ? 1 : (elapsed - stageStart) / stage.Duration;
                return from + ((stage.Target - from) * fraction);
            }

            from = stage.Target;
            stageStart = stageEnd;
        }

        return from;
    }

    internal override List<(TimeSpan At, string Text)> Phases() => LoadPhases.Stages(_stages, "users");

    public override UserSchedule Scale(double factor) =>
        new StagedUsers(_start * factor, [.. _stages.Select(s => s with { Target = s.Target * factor })]);

    public override UserSchedule WithDuration(TimeSpan duration)
    {
        var ratio = duration / Duration;
        return new StagedUsers(_start, [.. _stages.Select(s => s with { Duration = s.Duration * ratio })]);
    }
}
