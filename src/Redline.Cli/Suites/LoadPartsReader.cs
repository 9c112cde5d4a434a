using System.Globalization;
using System.Text.RegularExpressions;
using Redline.Engine;

namespace Redline.Cli.Suites;

/// <summary>The length and ramps of a load shape: ramps included in <see cref="Total"/>.</summary>
internal readonly record struct LoadSpan(TimeSpan RampUp, TimeSpan Total, TimeSpan RampDown);

/// <summary>Reads the parts of a <c>load:</c> map that both models share: length, ramps, stages, users, peak hours, bursts.</summary>
internal sealed partial class LoadPartsReader(ValueReader values)
{
    private static readonly string[] Span = ["duration", "sustain", "ramp_up", "ramp_down"];

    private SuiteIssues Issues => values.Issues;

    /// <summary>The length and ramps from duration (ramps included) or sustain (ramps added).</summary>
    public LoadSpan? ReadSpan(DocNode load)
    {
        var rampUp = values.Duration(load["ramp_up"]);
        var rampDown = values.Duration(load["ramp_down"]);
        if (values.BothGiven(load, "duration", "sustain", "'duration' and 'sustain' cannot both be given; duration is the whole length, sustain the flat part between the ramps"))
        {
            return null;
        }

        if (!load["duration"].Exists && !load["sustain"].Exists)
        {
            Issues.Add(Pointers.Append(load.Pointer, "duration"), false, "missing required key 'duration' (or 'sustain')");
            return null;
        }

        if ((load["ramp_up"].Exists && rampUp is null) || (load["ramp_down"].Exists && rampDown is null))
        {
            return null;
        }

        var up = rampUp ?? TimeSpan.Zero;
        var down = rampDown ?? TimeSpan.Zero;
        if (load["sustain"].Exists)
        {
            var sustain = values.Duration(load["sustain"]);
            if (sustain is { } s && s + up + down <= TimeSpan.Zero)
            {
                Issues.AtValue(load["sustain"], "the load lasts 0s; give a sustain above 0");
                return null;
            }

            return sustain is { } flat ? new LoadSpan(up, flat + up + down, down) : null;
        }

        if (values.PositiveDuration(load["duration"]) is not { } total)
        {
            return null;
        }

        if (up + down > total)
        {
            var ramps = (load["ramp_up"].Exists, load["ramp_down"].Exists) switch
            {
                (true, true) => $"ramp_up ({SuiteUnits.Format(up)}) and ramp_down ({SuiteUnits.Format(down)}) add up to {SuiteUnits.Format(up + down)}, which is",
                (true, false) => $"ramp_up ({SuiteUnits.Format(up)}) is",
                _ => $"ramp_down ({SuiteUnits.Format(down)}) is",
            };
            Issues.AtValue(load["duration"], $"{ramps} longer than the duration ({SuiteUnits.Format(total)}); duration includes the ramps (use sustain to add them)");
            return null;
        }

        return new LoadSpan(up, total, down);
    }

    public List<Stage>? ReadStages(DocNode load, string targetKey)
    {
        values.RejectKeys(load, Span, k => $"'{k}' cannot be used with 'stages'; the stages set the shape");
        if (!values.IsList(load["stages"]))
        {
            return null;
        }

        var otherKey = targetKey == "users" ? "rate" : "users";
        var otherModel = targetKey == "users" ? "open" : "closed";
        var stages = new List<Stage>();
        var complete = true;
        foreach (var item in load["stages"].Items)
        {
            if (!values.IsMap(item))
            {
                complete = false;
                continue;
            }

            values.RejectKeys(item, [otherKey], k => $"'{k}' applies only to model: {otherModel}");
            var duration = values.Duration(item["duration"]);
            double? target = targetKey == "users" ? values.Integer(item["users"], 0) : values.Rate(item["rate"]);
            if (!item[targetKey].Exists)
            {
                Issues.Add(Pointers.Append(item.Pointer, targetKey), false, $"missing required key '{targetKey}'");
            }

            if (duration is { } d && target is { } t && !item[otherKey].Exists)
            {
                stages.Add(new Stage(d, t));
            }
            else
            {
                complete = false;
            }
        }

        if (complete && stages.Count > 0 && stages.All(s => s.Duration == TimeSpan.Zero))
        {
            Issues.AtValue(load["stages"], "the stages last 0s; give at least one stage a duration above 0");
            return null;
        }

        return complete && stages.Count > 0 ? stages : null;
    }

    /// <summary>
    /// A sweep, the seed's "concurrency: [1, 10, 50, 100, 500]": <c>users</c> (or <c>rate</c>) as a list, each level held
    /// for <c>step</c>, one after another; null when it has errors.
    /// </summary>
    public List<Stage>? ReadSweep(DocNode load, string key)
    {
        var list = load[key];
        if (!list.IsList)
        {
            Issues.AtKey(load["step"], $"'step' applies only to a sweep: give {key} as a list such as {(key == "users" ? "[1, 10, 50]" : "[10/s, 50/s, 100/s]")}");
            return null;
        }

        var spanGiven = values.RejectKeys(load, Span, k => $"'{k}' cannot be used with a sweep; each level runs for 'step'");
        TimeSpan? step = null;
        if (!load["step"].Exists)
        {
            Issues.Add(Pointers.Append(load.Pointer, "step"), false, $"missing required key 'step': how long each level of the {key} sweep runs");
        }
        else
        {
            step = values.PositiveDuration(load["step"]);
        }

        var levels = list.Items.Select(item => key == "users" ? values.Integer(item, 1) : values.PositiveRate(item)).ToList();
        if (levels.Count < 2)
        {
            Issues.AtValue(list, $"a sweep needs two or more levels, got {levels.Count.ToString(CultureInfo.InvariantCulture)}");
            return null;
        }

        return step is { } s && !spanGiven && levels.All(l => l is not null) ? [.. Stage.Sweep([.. levels.Select(l => l!.Value)], s)] : null;
    }

    public (int Min, int Max)? ReadUsers(DocNode node, bool gaussian)
    {
        if (node.AsInteger is { } count)
        {
            if (gaussian)
            {
                Issues.AtValue(node, $"pattern: gaussian needs a range of users such as 500-1500, got {count.ToString(CultureInfo.InvariantCulture)}");
                return null;
            }

            return values.Integer(node, 1) is { } users ? (users, users) : null;
        }

        var match = node.AsString is { } text ? RangePattern().Match(text) : Match.Empty;
        if (!match.Success)
        {
            Issues.AtValue(node, SuiteMessages.Expected("users", node, values.Map));
            return null;
        }

        if (!gaussian)
        {
            Issues.AtValue(node, $"a range of users such as '{node.AsString}' needs pattern: gaussian; give a number of users otherwise");
            return null;
        }

        if (!int.TryParse(match.Groups["min"].Value, CultureInfo.InvariantCulture, out var min)
            || !int.TryParse(match.Groups["max"].Value, CultureInfo.InvariantCulture, out var max)
            || min > max || max < 1)
        {
            Issues.AtValue(node, $"expected a range MIN-MAX with MIN at most MAX and MAX at least 1, got '{node.AsString}'");
            return null;
        }

        return (min, max);
    }

    public List<double>? ReadPeakHours(DocNode load)
    {
        var node = load["peak_hours"];
        if (!node.Exists)
        {
            Issues.Add(node.Pointer, false, "missing required key 'peak_hours' (pattern: gaussian needs it)");
            return null;
        }

        if (!values.IsList(node))
        {
            return null;
        }

        var hours = node.Items.Select(values.Number).ToList();
        var outOfRange = node.Items.Where(h => h.AsNumber is < 0 or > 24).ToList();
        foreach (var hour in outOfRange)
        {
            Issues.AtValue(hour, SuiteMessages.Expected("hour", hour, values.Map));
        }

        return hours.Count > 0 && outOfRange.Count == 0 && hours.All(h => h is not null) ? [.. hours.Select(h => h!.Value)] : null;
    }

    public Burst? ReadBurst(DocNode node)
    {
        if (!values.IsMap(node))
        {
            return null;
        }

        var rate = values.PositiveRate(node["rate"]);
        var duration = values.PositiveDuration(node["duration"]);
        var every = values.PositiveDuration(node["every"]);
        var start = values.Duration(node["start"]);
        if (duration is { } d && every is { } e && d > e)
        {
            Issues.AtValue(node["duration"], $"a burst of {SuiteUnits.Format(d)} cannot be longer than its period (every: {SuiteUnits.Format(e)})");
            return null;
        }

        if (node["start"].Exists && start is null)
        {
            return null;
        }

        return rate is { } r && duration is { } dd && every is { } ee ? new Burst(r, dd, ee, start ?? ee) : null;
    }

    [GeneratedRegex(@"^(?<min>[0-9]+)-(?<max>[0-9]+)$")]
    private static partial Regex RangePattern();
}
