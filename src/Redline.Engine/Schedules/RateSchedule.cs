namespace Redline.Engine;

/// <summary>
/// Arrivals per second over a scenario: linear stages plus optional bursts on top. The schedule
/// knows its cumulative count Λ(t) in closed form, so arrival times are found by inverting Λ
/// instead of by accumulating timer ticks: per-second counts are exact and never drift.
/// </summary>
public sealed class RateSchedule
{
    private readonly double _startRate;
    private readonly Stage[] _stages;
    private readonly Burst? _burst;
    private readonly Segment[] _segments;

    private RateSchedule(double startRate, Stage[] stages, Burst? burst)
    {
        if (stages.Length == 0)
        {
            throw new ArgumentException("At least one stage is needed.", nameof(stages));
        }

        if (burst is { } b && (b.Every <= TimeSpan.Zero || b.Duration <= TimeSpan.Zero || b.Duration > b.Every || b.Rate < 0))
        {
            throw new ArgumentException("A burst needs a positive duration no longer than its period.", nameof(burst));
        }

        _startRate = startRate;
        _stages = stages;
        _burst = burst;
        Duration = TimeSpan.FromTicks(stages.Sum(s => s.Duration.Ticks));
        _segments = BuildSegments();
        TotalArrivals = _segments.Length == 0 ? 0 : _segments[^1].CumulativeAtEnd;
        PeakRate = _segments.Length == 0 ? 0 : _segments.Max(s => Math.Max(s.RateAtStart, s.RateAtEnd));
    }

    /// <summary>The scenario's whole length.</summary>
    public TimeSpan Duration { get; }

    /// <summary>The expected number of arrivals over the whole schedule, Λ(Duration).</summary>
    public double TotalArrivals { get; }

    /// <summary>The highest rate at any moment, bursts included.</summary>
    public double PeakRate { get; }

    /// <summary>The base stages (without bursts), for reports.</summary>
    public IReadOnlyList<Stage> Stages => _stages;

    /// <summary>The rate at second zero, from which the first stage moves.</summary>
    public double StartRate => _startRate;

    /// <summary>The bursts, if any.</summary>
    public Burst? Burst => _burst;

    /// <summary>A constant <paramref name="ratePerSecond"/> for <paramref name="duration"/>.</summary>
    public static RateSchedule Constant(double ratePerSecond, TimeSpan duration) =>
        new(ratePerSecond, [new Stage(duration, ratePerSecond)], null);

    /// <summary>Linear stages from <paramref name="startRate"/>.</summary>
    public static RateSchedule FromStages(IReadOnlyList<Stage> stages, double startRate = 0) => new(startRate, [.. stages], null);

    /// <summary>This schedule with <paramref name="burst"/> added on top.</summary>
    public RateSchedule WithBurst(Burst burst) => new(_startRate, _stages, burst);

    /// <summary>The same shape with every rate multiplied by <paramref name="factor"/>.</summary>
    public RateSchedule Scale(double factor) =>
        new(_startRate * factor, [.. _stages.Select(s => s with { Target = s.Target * factor })], _burst is { } b ? b with { Rate = b.Rate * factor } : null);

    /// <summary>The same shape, bursts included, stretched or squeezed in time to <paramref name="duration"/>.</summary>
    public RateSchedule WithDuration(TimeSpan duration)
    {
        var ratio = duration / Duration;
        return new(
            _startRate,
            [.. _stages.Select(s => s with { Duration = s.Duration * ratio })],
            _burst is { } b ? b with { Duration = b.Duration * ratio, Every = b.Every * ratio, Start = b.Start * ratio } : null);
    }

    /// <summary>The rate at <paramref name="elapsed"/>, in arrivals per second.</summary>
    public double RateAt(TimeSpan elapsed)
    {
        var t = elapsed.TotalSeconds;
        foreach (var segment in _segments)
        {
            if (t < segment.End)
            {
                return t < segment.Start ? 0 : segment.RateAt(t);
            }
        }

        return 0;
    }

    /// <summary>Λ(t): the expected number of arrivals in [0, <paramref name="elapsed"/>).</summary>
    public double CumulativeAt(TimeSpan elapsed)
    {
        var t = elapsed.TotalSeconds;
        foreach (var segment in _segments)
        {
            if (t < segment.End)
            {
                return t <= segment.Start ? segment.CumulativeAtStart : segment.CumulativeAt(t);
            }
        }

        return TotalArrivals;
    }

    /// <summary>Λ⁻¹(s): the moment at which the cumulative count reaches <paramref name="cumulative"/>, or null past the end.</summary>
    public TimeSpan? TimeAt(double cumulative)
    {
        foreach (var segment in _segments)
        {
            if (cumulative < segment.CumulativeAtEnd && segment.CumulativeAtEnd > segment.CumulativeAtStart)
            {
                var seconds = segment.Start + segment.OffsetOf(cumulative - segment.CumulativeAtStart);
                var offset = TimeSpan.FromTicks((long)Math.Round(seconds * TimeSpan.TicksPerSecond));
                return offset < Duration ? offset : null;
            }
        }

        return null;
    }

    private Segment[] BuildSegments()
    {
        var total = Duration.TotalSeconds;
        var cuts = new SortedSet<double> { 0, total };
        var stageStart = 0.0;
        foreach (var stage in _stages)
        {
            stageStart += stage.Duration.TotalSeconds;
            cuts.Add(Math.Min(stageStart, total));
        }

        foreach (var (start, end) in BurstWindows(total))
        {
            cuts.Add(start);
            cuts.Add(end);
        }

        var points = cuts.ToArray();
        var segments = new List<Segment>(points.Length);
        var cumulative = 0.0;
        for (var i = 0; i + 1 < points.Length; i++)
        {
            var (a, b) = (points[i], points[i + 1]);
            if (b <= a)
            {
                continue;
            }

            var extra = BurstRateAt((a + b) / 2, total);
            var segment = new Segment(a, b, BaseRate(a, (a + b) / 2) + extra, BaseRate(b, (a + b) / 2) + extra, cumulative);
            cumulative = segment.CumulativeAtEnd;
            segments.Add(segment);
        }

        return [.. segments];
    }

    /// <summary>The base rate at <paramref name="t"/>, on the linear piece of the stage that contains <paramref name="inside"/>.</summary>
    private double BaseRate(double t, double inside)
    {
        var from = _startRate;
        var stageStart = 0.0;
        foreach (var stage in _stages)
        {
            var length = stage.Duration.TotalSeconds;
            if (inside < stageStart + length)
            {
                return length <= 0 || stage.Step ? stage.Target : from + ((stage.Target - from) * (t - stageStart) / length);
            }

            from = stage.Target;
            stageStart += length;
        }

        return from;
    }

    private IEnumerable<(double Start, double End)> BurstWindows(double total)
    {
        if (_burst is not { } burst)
        {
            yield break;
        }

        for (var start = burst.Start.TotalSeconds; start < total; start += burst.Every.TotalSeconds)
        {
            yield return (start, Math.Min(start + burst.Duration.TotalSeconds, total));
        }
    }

    private double BurstRateAt(double t, double total)
    {
        foreach (var (start, end) in BurstWindows(total))
        {
            if (t >= start && t < end)
            {
                return _burst!.Value.Rate;
            }

            if (start > t)
            {
                break;
            }
        }

        return 0;
    }

    /// <summary>A piece on which the rate is linear, so Λ is quadratic and inverts in closed form.</summary>
    private readonly record struct Segment(double Start, double End, double RateAtStart, double RateAtEnd, double CumulativeAtStart)
    {
        private double Length => End - Start;

        private double Slope => (RateAtEnd - RateAtStart) / Length;

        public double CumulativeAtEnd => CumulativeAtStart + ((RateAtStart + RateAtEnd) / 2 * Length);

        public double RateAt(double t) => RateAtStart + (Slope * (t - Start));

        public double CumulativeAt(double t)
        {
            var tau = t - Start;
            return CumulativeAtStart + (RateAtStart * tau) + (Slope * tau * tau / 2);
        }

        /// <summary>τ with r0·τ + slope·τ²/2 = Δ, in the form that stays stable when the slope is zero or negative.</summary>
        public double OffsetOf(double delta)
        {
            var discriminant = Math.Max(0, (RateAtStart * RateAtStart) + (2 * Slope * delta));
            var denominator = RateAtStart + Math.Sqrt(discriminant);
            return denominator <= 0 ? 0 : Math.Min(Length, 2 * delta / denominator);
        }
    }
}
