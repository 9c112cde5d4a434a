namespace Redline.Engine;

/// <summary>
/// The seed's "normal operations" day: 24 hours mapped onto the scenario, the user level a
/// Gaussian bump around each peak hour between a quiet minimum and the maximum.
/// The bumps combine by maximum, not sum, so the level at a peak hour is exactly the maximum.
/// </summary>
internal sealed class GaussianUsers : UserSchedule
{
    /// <summary>The standard deviation of one bump, in hours of the mapped day.</summary>
    public const double DefaultWidthHours = 1.0;

    private readonly double _min;
    private readonly double _max;
    private readonly double[] _peaks;
    private readonly double _width;

    public GaussianUsers(double minUsers, double maxUsers, IReadOnlyList<double> peakHours, TimeSpan duration, double widthHours)
    {
        if (peakHours.Count == 0)
        {
            throw new ArgumentException("At least one peak hour is needed.", nameof(peakHours));
        }

        _min = minUsers;
        _max = maxUsers;
        _peaks = [.. peakHours];
        _width = widthHours;
        Duration = duration;
        MaxUsers = (int)Math.Floor(maxUsers + 0.5);
    }

    public override TimeSpan Duration { get; }

    public override int MaxUsers { get; }

    /// <summary>The hour of the mapped day at <paramref name="elapsed"/>.</summary>
    public double HourAt(TimeSpan elapsed) => 24.0 * (elapsed / Duration);

    public override double LevelAt(TimeSpan elapsed)
    {
        var hour = HourAt(elapsed);
        var bump = 0.0;
        foreach (var peak in _peaks)
        {
            var distance = hour - peak;
            bump = Math.Max(bump, Math.Exp(-(distance * distance) / (2 * _width * _width)));
        }

        return _min + ((_max - _min) * bump);
    }

    /// <summary>Each peak hour of the mapped day, where the level reaches its maximum.</summary>
    internal override List<(TimeSpan At, string Text)> Phases() =>
        [.. _peaks.Where(h => h is >= 0 and < 24).Select(h => (Duration * (h / 24.0), string.Create(System.Globalization.CultureInfo.InvariantCulture, $"peak of the simulated day at {h:0.##} h: {_max:0.##} users")))];

    public override UserSchedule Scale(double factor) =>
        new GaussianUsers(_min * factor, _max * factor, _peaks, Duration, _width);

    public override UserSchedule WithDuration(TimeSpan duration) =>
        new GaussianUsers(_min, _max, _peaks, duration, _width);
}
