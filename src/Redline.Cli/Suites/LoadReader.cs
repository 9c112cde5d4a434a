using Redline.Engine;

namespace Redline.Cli.Suites;

/// <summary>Checks a scenario's <c>load:</c> map and builds the engine's load profile from it.</summary>
internal sealed class LoadReader(ValueReader values)
{
    private static readonly string[] OpenOnly = ["rate", "burst", "arrivals", "max_concurrency", "on_saturation"];
    private static readonly string[] ClosedOnly = ["users", "think_time", "pattern", "peak_hours"];

    private readonly LoadPartsReader _parts = new(values);

    private SuiteIssues Issues => values.Issues;

    /// <summary>The profile, or null when the map has errors.</summary>
    public LoadProfile? Read(DocNode load)
    {
        if (!values.IsMap(load))
        {
            return null;
        }

        switch (values.String(load["model"]))
        {
            case "closed":
                var misplacedOpen = values.RejectKeys(load, OpenOnly, k => $"'{k}' applies only to model: open");
                var closed = ReadClosed(load);
                return misplacedOpen ? null : closed;
            case "open":
                var misplacedClosed = values.RejectKeys(load, ClosedOnly, k => $"'{k}' applies only to model: closed");
                var open = ReadOpen(load);
                return misplacedClosed ? null : open;
            default:
                return null;
        }
    }

    private ClosedLoad? ReadClosed(DocNode load)
    {
        var thinkTime = values.Duration(load["think_time"]) ?? TimeSpan.Zero;
        var gaussian = values.String(load["pattern"]) == "gaussian";
        if (!gaussian && load["peak_hours"].Exists)
        {
            Issues.AtKey(load["peak_hours"], "'peak_hours' applies only to pattern: gaussian");
        }

        if (values.BothGiven(load, "users", "stages", "'users' and 'stages' cannot both be given; stages set the users of each stage"))
        {
            return null;
        }

        if (load["stages"].Exists)
        {
            if (gaussian)
            {
                Issues.AtValue(load["pattern"], "pattern: gaussian cannot be used with 'stages'");
            }

            var stages = _parts.ReadStages(load, "users");
            return stages is null || gaussian ? null : new ClosedLoad(UserSchedule.Stages(stages), thinkTime);
        }

        if (load["users"].IsList || load["step"].Exists)
        {
            if (gaussian)
            {
                Issues.AtValue(load["pattern"], "pattern: gaussian cannot be used with a sweep");
            }

            var levels = _parts.ReadSweep(load, "users");
            return levels is null || gaussian ? null : new ClosedLoad(UserSchedule.Stages(levels, (int)levels[0].Target), thinkTime);
        }

        if (!load["users"].Exists)
        {
            Issues.Add(Pointers.Append(load.Pointer, "users"), false, "missing required key 'users' (or 'stages')");
            return null;
        }

        var users = _parts.ReadUsers(load["users"], gaussian);
        if (gaussian)
        {
            var hours = _parts.ReadPeakHours(load);
            var rampsGiven = values.RejectKeys(load, ["ramp_up", "ramp_down"], k => $"'{k}' cannot be used with pattern: gaussian; the pattern sets the shape");
            var span = _parts.ReadSpan(load);
            return users is { } range && hours is not null && span is { } s && !rampsGiven
                ? new ClosedLoad(UserSchedule.Gaussian(range.Min, range.Max, hours, s.Total), thinkTime)
                : null;
        }

        var shape = _parts.ReadSpan(load);
        return users is { } u && shape is { } sh
            ? new ClosedLoad(UserSchedule.Ramped(u.Max, sh.RampUp, sh.Total, sh.RampDown), thinkTime)
            : null;
    }

    private OpenLoad? ReadOpen(DocNode load)
    {
        var arrivals = values.String(load["arrivals"]) == "poisson" ? ArrivalPattern.Poisson : ArrivalPattern.Uniform;
        var maxConcurrency = values.Integer(load["max_concurrency"], 1) ?? OpenLoad.DefaultMaxConcurrency;
        var onSaturation = values.String(load["on_saturation"]) == "drop" ? SaturationPolicy.Drop : SaturationPolicy.Wait;
        if (values.BothGiven(load, "rate", "stages", "'rate' and 'stages' cannot both be given; stages set the rate of each stage"))
        {
            return null;
        }

        RateSchedule? schedule;
        if (load["stages"].Exists)
        {
            var burstGiven = load["burst"].Exists;
            if (burstGiven)
            {
                Issues.AtKey(load["burst"], "'burst' needs a constant 'rate'; it cannot be used with 'stages'");
            }

            var stages = _parts.ReadStages(load, "rate");
            schedule = stages is null || burstGiven ? null : RateSchedule.FromStages(stages);
        }
        else if (load["rate"].IsList || load["step"].Exists)
        {
            var burstGiven = load["burst"].Exists;
            if (burstGiven)
            {
                Issues.AtKey(load["burst"], "'burst' needs a constant 'rate'; it cannot be used with a sweep");
            }

            var levels = _parts.ReadSweep(load, "rate");
            schedule = levels is null || burstGiven ? null : RateSchedule.FromStages(levels, levels[0].Target);
        }
        else if (!load["rate"].Exists)
        {
            Issues.Add(Pointers.Append(load.Pointer, "rate"), false, "missing required key 'rate' (or 'stages')");
            return null;
        }
        else
        {
            var rate = values.PositiveRate(load["rate"]);
            var span = _parts.ReadSpan(load);
            var burst = _parts.ReadBurst(load["burst"]);
            schedule = rate is { } r && span is { } s && (burst is not null || !load["burst"].Exists)
                ? RateShape(r, s)
                : null;
            if (schedule is not null && burst is { } b)
            {
                schedule = schedule.WithBurst(b);
            }
        }

        return schedule is null ? null : new OpenLoad(schedule, arrivals, maxConcurrency, onSaturation);
    }

    private static RateSchedule RateShape(double rate, LoadSpan span)
    {
        if (span.RampUp == TimeSpan.Zero && span.RampDown == TimeSpan.Zero)
        {
            return RateSchedule.Constant(rate, span.Total);
        }

        var sustain = span.Total - span.RampUp - span.RampDown;
        var stages = new List<Stage>();
        if (span.RampUp > TimeSpan.Zero)
        {
            stages.Add(new Stage(span.RampUp, rate));
        }

        if (sustain > TimeSpan.Zero)
        {
            stages.Add(new Stage(sustain, rate));
        }

        if (span.RampDown > TimeSpan.Zero)
        {
            stages.Add(new Stage(span.RampDown, 0));
        }

        return RateSchedule.FromStages(stages, span.RampUp > TimeSpan.Zero ? 0 : rate);
    }

}
