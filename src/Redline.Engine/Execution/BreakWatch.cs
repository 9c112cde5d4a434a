using System.Globalization;

namespace Redline.Engine;

/// <summary>
/// Watches a stress scenario for its break: every closed second, the stop condition is judged over
/// the latest seconds (the sliding window), never over the whole run, and only once they hold enough
/// requests and the generator kept up. When it holds, the ramp stops at once: the load is set to probe
/// levels between the last good and the first bad load (bisect), then to the recovery level, or it
/// ends. What it finds goes on the timeline as events, so the result is built from the stream alone.
/// </summary>
internal sealed class BreakWatch(ScenarioExecution run, StressPlan plan, Action<RunEvent> post)
{
    /// <summary>Seconds at the window's end that must show a kept-up generator before a break is taken.</summary>
    private const int SaturationLookback = 5;

    private readonly Queue<IntervalReport> _window = new();
    private readonly string _unit = run.Plan.Load is ClosedLoad ? "users" : "req/s";
    private State _state = State.Ramping;
    private bool _saturationNoted;
    private double _good;
    private double _bad;
    private int _probes;
    private LoadSetting? _probe;

    private double _pending;
    private TimeSpan _coolingSince;

    private enum State
    {
        Ramping,
        Cooling,
        Probing,
        Done,
    }

    /// <summary>Takes a closed second; judges the condition and acts on it.</summary>
    public void Observe(IntervalReport report)
    {
        if (_state == State.Done || run.LoadEndedAt is not null || run.UserStop.IsCancellationRequested)
        {
            return;
        }

        _window.Enqueue(report);
        var windowSeconds = (int)Math.Ceiling(plan.Condition.Window.TotalSeconds);
        var size = _state == State.Probing ? Math.Min(JudgedProbeSeconds(report.Second), windowSeconds) : windowSeconds;
        while (_window.Count > Math.Max(size, 0))
        {
            _window.Dequeue();
        }

        if (_state == State.Ramping)
        {
            JudgeRamp();
        }
        else if (_state == State.Cooling)
        {
            // A bad level leaves a queue behind; the next probe starts once it has drained, or after the limit.
            if (run.InFlight.Count == 0 || run.Elapsed - _coolingSince >= CoolingLimit())
            {
                StartProbe(_pending);
            }
        }
        else
        {
            JudgeProbe(report.Second);
        }
    }

    private void JudgeRamp()
    {
        var (held, window) = Judge();
        if (held is null)
        {
            return;
        }

        if (GeneratorSaturated())
        {
            if (!_saturationNoted)
            {
                _saturationNoted = true;
                post(new RunEvent(run.Plan.Name, run.Elapsed, RunEventKind.Note, string.Create(CultureInfo.InvariantCulture,
                    $"the stop condition held at {run.Elapsed.TotalSeconds:0} s while the generator was saturated (schedule lag or CPU past its limits); not taken as the break")));
            }

            return;
        }

        var at = run.Elapsed;
        var load = run.CurrentLoad;
        var reason = $"{StopCondition.Describe(held)} over the last {_window.Count} s";
        post(new RunEvent(run.Plan.Name, at, RunEventKind.BreakingPoint, string.Create(CultureInfo.InvariantCulture, $"the stop condition held at {at.TotalSeconds:0} s with {Format(load)} {_unit}: {reason}"))
        {
            Data = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["at_s"] = Number(at.TotalSeconds),
                ["load"] = Number(load),
                ["unit"] = _unit,
                ["throughput_rps"] = Number(window.ThroughputRps),
                ["p95_ms"] = Number(window.Latency.P95),
                ["error_rate"] = Number(window.ErrorRatePercent),
                ["window_s"] = Number(_window.Count),
                ["reason"] = reason,
            },
        });

        _bad = load;
        _good = LastGoodLoad(at);
        if (plan.Bisect is not null && NextProbe() is { } level)
        {
            StartCooling(level);
            return;
        }

        AfterBreak();
    }

    private void JudgeProbe(long second)
    {
        var probe = _probe!;
        var judged = JudgedProbeSeconds(second);
        if (judged <= 0)
        {
            return;
        }

        var (held, window) = Judge();
        var saturated = held is not null && GeneratorSaturated();
        var verdict = held is not null && !saturated ? "bad"
            : judged < (plan.Bisect!.Hold - Settle()).TotalSeconds ? null
            : saturated || window.Requests < plan.Condition.MinSamples ? "inconclusive"
            : "good";
        if (verdict is null)
        {
            return;
        }

        var reason = saturated ? "the stop condition held while the generator was saturated"
            : held is not null ? StopCondition.Describe(held)
            : string.Create(CultureInfo.InvariantCulture, $"the stop condition did not hold over {_window.Count} s (p95 {window.Latency.P95} ms, error rate {Number(window.ErrorRatePercent)}%, {window.Requests} requests)");
        post(new RunEvent(run.Plan.Name, run.Elapsed, RunEventKind.BreakProbe, $"probe at {Format(probe.Level)} {_unit}: {verdict}; {reason}")
        {
            Data = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["level"] = Number(probe.Level),
                ["verdict"] = verdict,
                ["from_s"] = Number(probe.From.TotalSeconds),
                ["throughput_rps"] = Number(window.ThroughputRps),
                ["p95_ms"] = Number(window.Latency.P95),
                ["error_rate"] = Number(window.ErrorRatePercent),
                ["reason"] = reason,
            },
        });

        if (verdict == "bad")
        {
            _bad = probe.Level;
        }
        else if (verdict == "good")
        {
            _good = probe.Level;
        }

        if (verdict != "inconclusive" && NextProbe() is { } level)
        {
            if (verdict == "bad")
            {
                StartCooling(level);
            }
            else
            {
                StartProbe(level);
            }

            return;
        }

        AfterBreak();
    }

    /// <summary>The next level half-way between the last good and first bad load, while probes are left and it differs from both.</summary>
    private double? NextProbe()
    {
        if (_probes >= plan.Bisect!.Probes)
        {
            return null;
        }

        var middle = (_good + _bad) / 2;
        var level = run.Plan.Load is ClosedLoad || _bad - _good >= 10 ? Math.Round(middle) : Math.Round(middle, 1);
        return level > _good && level < _bad ? level : null;
    }

    /// <summary>Probes hold a little past their judged length, so the load never ends while the last second is still being closed.</summary>
    private static readonly TimeSpan ProbeMargin = TimeSpan.FromSeconds(10);

    /// <summary>How long a cooldown may wait for the queue to drain: twice a probe's hold, at least 5 s.</summary>
    private TimeSpan CoolingLimit() => TimeSpan.FromTicks(Math.Max(2 * plan.Bisect!.Hold.Ticks, TimeSpan.FromSeconds(5).Ticks));

    /// <summary>Stops sending until what the bad level left in flight has finished, then probes <paramref name="level"/>.</summary>
    private void StartCooling(double level)
    {
        _pending = level;
        _state = State.Cooling;
        _coolingSince = run.Elapsed;
        _window.Clear();
        Set(new LoadSetting(_coolingSince, 0, _coolingSince + CoolingLimit() + ProbeMargin, "cooldown"),
            string.Create(CultureInfo.InvariantCulture, $"load paused until the {run.InFlight.Count} requests in flight have finished, before the probe at {Format(level)} {_unit}"));
    }

    private void StartProbe(double level)
    {
        _probes++;
        var now = run.Elapsed;
        _probe = new LoadSetting(now, level, now + plan.Bisect!.Hold + ProbeMargin, "probe");
        _state = State.Probing;
        _window.Clear();
        Set(_probe, string.Create(CultureInfo.InvariantCulture, $"load set to {Format(level)} {_unit} to probe the break (good at {Format(_good)}, bad at {Format(_bad)})"));
    }

    private void AfterBreak()
    {
        _state = State.Done;
        if (plan.Recovery is { } recovery)
        {
            var now = run.Elapsed;
            Set(new LoadSetting(now, recovery.Level, now + recovery.Duration, "recovery"),
                string.Create(CultureInfo.InvariantCulture, $"load set to {Format(recovery.Level)} {_unit} for {recovery.Duration.TotalSeconds:0} s to measure the recovery"));
            return;
        }

        post(new RunEvent(run.Plan.Name, run.Elapsed, RunEventKind.Stopped, "the stop condition held; the load stopped"));
        run.StopLoad.Cancel();
    }

    private void Set(LoadSetting setting, string text)
    {
        post(new RunEvent(run.Plan.Name, setting.From, RunEventKind.LoadSet, text)
        {
            Data = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["phase"] = setting.Phase,
                ["level"] = Number(setting.Level),
                ["unit"] = _unit,
                ["from_s"] = Number(setting.From.TotalSeconds),
                ["until_s"] = Number(setting.Until.TotalSeconds),
            },
        });
        run.SetLoad(setting);
    }

    /// <summary>The condition over the window: the terms that held (null when it did not, or the window is too thin), and the window's figures.</summary>
    private (IReadOnlyList<StopTerm>? Held, Measures Window) Judge()
    {
        var total = new SnapshotTotals();
        var components = new Dictionary<string, SnapshotTotals>(StringComparer.Ordinal);
        foreach (var second in _window)
        {
            total.Add(second.Total);
            foreach (var component in second.Components)
            {
                if (component.Component is { } name)
                {
                    (components.TryGetValue(name, out var totals) ? totals : components[name] = new SnapshotTotals()).Add(component);
                }
            }
        }

        var seconds = Math.Max(_window.Count, 1);
        var window = total.Measures(seconds);
        if (window.Requests < plan.Condition.MinSamples)
        {
            return (null, window);
        }

        var byName = components.ToDictionary(c => c.Key, c => c.Value.Measures(seconds), StringComparer.Ordinal);
        return (plan.Condition.Holds(window, byName), window);
    }

    private bool GeneratorSaturated()
    {
        var limits = run.Plan.Generator;
        var latest = _window.Reverse().Take(SaturationLookback).ToList();
        var saturated = latest.Count(s => s.Generator.ScheduleLagP99Ms > limits.MaxScheduleLagP99.TotalMilliseconds || (s.Generator.CpuMeasured && s.Generator.CpuPercent > limits.MaxCpuPercent));
        return saturated * 2 > latest.Count;
    }

    /// <summary>The load of the stage before the one <paramref name="at"/> falls in, or, without stages, the load at the window's start.</summary>
    private double LastGoodLoad(TimeSpan at)
    {
        var stages = StageSpan.Of(run.Plan.Load);
        var current = stages.FirstOrDefault(s => s.Start <= at && at < s.End) ?? stages.LastOrDefault(s => s.Start <= at);
        if (current is not null)
        {
            return current.Number > 1 ? stages[current.Number - 2].To : Math.Min(current.From, _bad);
        }

        return _window.Count > 0 ? Math.Min(_window.Peek().Load, _bad) : 0;
    }

    private TimeSpan Settle() => plan.Bisect?.Settle ?? TimeSpan.Zero;

    /// <summary>How many of a probe's seconds up to <paramref name="second"/> are past its settling time.</summary>
    private int JudgedProbeSeconds(long second)
    {
        if (_probe is null)
        {
            return 0;
        }

        var first = (long)Math.Ceiling((_probe.From + Settle()).TotalSeconds);
        return (int)Math.Max(second - first + 1, 0);
    }

    private static string Number(double value) => Math.Round(value, 3).ToString(CultureInfo.InvariantCulture);

    private static string Format(double load) => load.ToString("0.##", CultureInfo.InvariantCulture);
}
