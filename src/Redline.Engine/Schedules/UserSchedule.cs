namespace Redline.Engine;

/// <summary>How many virtual users the closed model keeps active at each moment of a scenario.</summary>
public abstract class UserSchedule
{
    private protected UserSchedule()
    {
    }

    /// <summary>The scenario's whole length.</summary>
    public abstract TimeSpan Duration { get; }

    /// <summary>The most users active at any moment.</summary>
    public abstract int MaxUsers { get; }

    /// <summary>The exact (fractional) user level at <paramref name="elapsed"/>.</summary>
    public abstract double LevelAt(TimeSpan elapsed);

    /// <summary>Users active at <paramref name="elapsed"/>: the level rounded half up, 0 after the end.</summary>
    public int UsersAt(TimeSpan elapsed) =>
        elapsed < TimeSpan.Zero || elapsed >= Duration ? 0 : (int)Math.Floor(LevelAt(elapsed) + 0.5 + 1e-9);

    /// <summary>The same shape with users multiplied by <paramref name="factor"/>.</summary>
    public abstract UserSchedule Scale(double factor);

    /// <summary>The same shape stretched or squeezed in time to <paramref name="duration"/>.</summary>
    public abstract UserSchedule WithDuration(TimeSpan duration);

    /// <summary>The moments the schedule changes course, for the run's event timeline.</summary>
    internal virtual List<(TimeSpan At, string Text)> Phases() => [];

    /// <summary>Its stages on the timeline, when it has two or more.</summary>
    internal virtual List<StageSpan> StageSpans() => [];

    /// <summary>A flat <paramref name="users"/> for <paramref name="duration"/>.</summary>
    public static UserSchedule Constant(int users, TimeSpan duration) =>
        new StagedUsers(users, [new Stage(duration, users)]);

    /// <summary>Ramp up to <paramref name="users"/>, hold, ramp down to zero; <paramref name="duration"/> includes the ramps.</summary>
    public static UserSchedule Ramped(int users, TimeSpan rampUp, TimeSpan duration, TimeSpan rampDown)
    {
        var sustain = duration - rampUp - rampDown;
        if (sustain < TimeSpan.Zero)
        {
            throw new ArgumentException("The ramps are longer than the duration.", nameof(duration));
        }

        var stages = new List<Stage>();
        if (rampUp > TimeSpan.Zero)
        {
            stages.Add(new Stage(rampUp, users));
        }

        if (sustain > TimeSpan.Zero)
        {
            stages.Add(new Stage(sustain, users));
        }

        if (rampDown > TimeSpan.Zero)
        {
            stages.Add(new Stage(rampDown, 0));
        }

        return new StagedUsers(rampUp > TimeSpan.Zero ? 0 : users, stages);
    }

    /// <summary>Linear stages from <paramref name="startUsers"/>, as k6's ramping-vus executor.</summary>
    public static UserSchedule Stages(IReadOnlyList<Stage> stages, int startUsers = 0) => new StagedUsers(startUsers, stages);

    /// <summary>
    /// A day mapped onto <paramref name="duration"/>: <paramref name="minUsers"/> at quiet hours, rising
    /// toward <paramref name="maxUsers"/> around each of <paramref name="peakHours"/>.
    /// </summary>
    public static UserSchedule Gaussian(int minUsers, int maxUsers, IReadOnlyList<double> peakHours, TimeSpan duration, double widthHours = GaussianUsers.DefaultWidthHours) =>
        new GaussianUsers(minUsers, maxUsers, peakHours, duration, widthHours);
}
