using System.Globalization;

namespace Redline.Engine;

/// <summary>One fault injected during a scenario: what was asked, what was achieved, and what it did to the scenario's figures.</summary>
/// <param name="Fault">The fault, in the suite's words (<c>latency_injection</c>).</param>
/// <param name="On">What it hit: <c>target</c>, a proxy's name, a process.</param>
/// <param name="StartedAtSeconds">When it was applied, from the scenario's start.</param>
/// <param name="EndedAtSeconds">When it was reverted; null when the scenario ended first.</param>
/// <param name="Asked">Its size as asked (<c>+100ms</c>).</param>
/// <param name="Achieved">Its size as measured while it was on; null when it could not be measured.</param>
/// <param name="Impact">The scenario's figures before, during and after it.</param>
public sealed record FaultReport(string Fault, string On, double StartedAtSeconds, double? EndedAtSeconds, string Asked, string? Achieved, FaultImpact Impact)
{
    /// <summary>Why the achieved size is missing, or that the asked size was not reached.</summary>
    public string? Note { get; init; }

    /// <summary>Each component around the fault: which it hit, and where it cascaded past what the fault allows.</summary>
    public IReadOnlyList<ComponentImpact> Components { get; init; } = [];

    /// <summary>The faults of a scenario, from its <c>fault_started</c> and <c>fault_ended</c> events and its seconds (in all, and of each component).</summary>
    internal static List<FaultReport> From(IReadOnlyList<RunEvent> events, IReadOnlyList<SecondTally> seconds, IReadOnlyDictionary<string, List<SecondTally>>? components = null)
    {
        var windows = new List<(RunEvent Started, RunEvent? Ended, double From, double? To)>();
        foreach (var started in events.Where(e => e.Kind == RunEventKind.FaultStarted))
        {
            var id = started.Data.GetValueOrDefault("id");
            var ended = events.FirstOrDefault(e => e.Kind == RunEventKind.FaultEnded && e.Data.GetValueOrDefault("id") == id && e.At >= started.At);
            windows.Add((started, ended, started.At.TotalSeconds, ended?.At.TotalSeconds));
        }

        // The band is taken after the fault that ended last before this one began, and the recovery is looked for
        // until the next fault that moved the scenario out of its band begins: another fault's seconds are neither
        // this one's baseline nor its recovery. (A fault's impact does not depend on where its recovery stops.)
        var since = windows.Select(w => windows.Where(o => o.Started != w.Started && o.To is { } end && end <= w.From).Select(o => o.To!.Value).DefaultIfEmpty(double.NegativeInfinity).Max()).ToList();
        var impacted = windows.Select((w, i) => FaultImpact.Of(seconds, w.From, w.To, since[i]).TimeToImpactSeconds is not null).ToList();
        var faults = new List<FaultReport>();
        foreach (var (window, index) in windows.Select((w, i) => (w, i)))
        {
            var (started, ended, from, to) = window;
            var next = to is { } stop
                ? windows.Where((w, i) => impacted[i] && w.Started != started && w.From >= stop).Select(w => (double?)w.From).Min()
                : null;
            faults.Add(new FaultReport(
                started.Data.GetValueOrDefault("fault") ?? started.Text,
                started.Data.GetValueOrDefault("on") ?? "",
                Math.Round(from, 3),
                to is { } end ? Math.Round(end, 3) : null,
                started.Data.GetValueOrDefault("asked") ?? "",
                ended?.Data.GetValueOrDefault("achieved"),
                FaultImpact.Of(seconds, from, to, since[index], next))
            {
                Note = ended?.Data.GetValueOrDefault("note") ?? (ended is null ? "the scenario ended while the fault was on" : null),
                Components = components is null ? [] : ComponentImpact.Around(started, components, from, to, since[index]),
            });
        }

        return faults;
    }
}

/// <summary>
/// One component around a fault, for <c>no_cascading_failures</c>: its median second's p95 and its error rate over
/// the seconds before the fault (up to 30) and while it was on. A component the fault's <c>hits</c> names (all of
/// them when it names none) depends on what was faulted: its errors may grow by the injected share plus one point.
/// Any other must stay in its band: p95 within 1.2x (and 1 ms) and errors within one point of before. A point
/// is widened to three binomial deviations where the fault's window is small, and a component with fewer than
/// <see cref="MinRequests"/> requests before or during the fault is not judged.
/// </summary>
/// <param name="Component">The component.</param>
/// <param name="Dependant">Whether it depends on what the fault acted on.</param>
/// <param name="P95BeforeMs">Its median second's p95 before the fault.</param>
/// <param name="P95DuringMs">Its median second's p95 while the fault was on.</param>
/// <param name="ErrorRateBefore">Its error rate before, in percent.</param>
/// <param name="ErrorRateDuring">Its error rate while the fault was on, in percent.</param>
public sealed record ComponentImpact(string Component, bool Dependant, double? P95BeforeMs, double? P95DuringMs, double? ErrorRateBefore, double? ErrorRateDuring)
{
    /// <summary>The fewest requests before and during a fault for a component to be judged.</summary>
    public const int MinRequests = 100;

    /// <summary>Whether it had enough requests before and during the fault (<see cref="MinRequests"/> each) to be judged.</summary>
    public bool Judged { get; init; }

    /// <summary>Whether the fault moved it out of its band.</summary>
    public bool Hit { get; init; }

    /// <summary>Whether it went past what the fault allows it: a cascading failure.</summary>
    public bool Cascaded { get; init; }

    internal static List<ComponentImpact> Around(RunEvent started, IReadOnlyDictionary<string, List<SecondTally>> components, double from, double? to, double since = double.NegativeInfinity)
    {
        var hits = (started.Data.GetValueOrDefault("hits") ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        double? share = double.TryParse(started.Data.GetValueOrDefault("share"), NumberStyles.Float, CultureInfo.InvariantCulture, out var percent) ? percent : null;
        var impacts = new List<ComponentImpact>();
        foreach (var (name, seconds) in components.OrderBy(c => c.Key, StringComparer.Ordinal))
        {
            var before = FaultImpact.Before(seconds, from, since);
            var during = seconds.Where(s => s.Second >= Math.Floor(from) && (to is not { } end || s.Second < end) && s.Requests > 0).ToList();
            var dependant = hits.Length == 0 || hits.Contains(name, StringComparer.Ordinal);
            if (before.Sum(s => s.Requests) < MinRequests || during.Sum(s => s.Requests) < MinRequests)
            {
                impacts.Add(new ComponentImpact(name, dependant, Median(before), Median(during), Errors(before), Errors(during)));
                continue;
            }

            var (p95Before, p95During) = (Median(before)!.Value, Median(during)!.Value);
            var (errorsBefore, errorsDuring) = (Errors(before)!.Value, Errors(during)!.Value);
            var slower = p95During > Math.Max(p95Before * 1.2, p95Before + 1);
            var hit = slower || errorsDuring > errorsBefore + 0.5;

            // One point over, or three binomial deviations over when the window is too small for a point to mean anything.
            var requests = during.Sum(s => s.Requests);
            double Over(double expected) => Math.Max(1, 300 * Math.Sqrt(expected / 100 * (1 - (expected / 100)) / requests));
            var cascaded = dependant
                ? share is { } allowed && errorsDuring > errorsBefore + allowed + Over(errorsBefore + allowed)
                : slower || errorsDuring > errorsBefore + Over(errorsBefore);
            impacts.Add(new ComponentImpact(name, dependant, Math.Round(p95Before, 3), Math.Round(p95During, 3), Math.Round(errorsBefore, 3), Math.Round(errorsDuring, 3)) { Judged = true, Hit = hit, Cascaded = cascaded });
        }

        return impacts;
    }

    private static double? Median(List<SecondTally> seconds) => seconds.Count == 0 ? null : seconds.Select(s => s.P95Ms).Order().ElementAt(seconds.Count / 2);

    private static double? Errors(List<SecondTally> seconds)
    {
        var requests = seconds.Sum(s => s.Requests);
        return requests == 0 ? null : 100.0 * seconds.Sum(s => s.Errors) / requests;
    }
}

/// <summary>What a fault did to the scenario: its figures before and during the fault, how soon it showed, how soon they came back.</summary>
/// <param name="P95BeforeMs">p95 over the seconds before the fault (up to 30).</param>
/// <param name="ErrorRateBefore">The error rate over them.</param>
/// <param name="P95DuringMs">The worst second's p95 while the fault was on.</param>
/// <param name="ErrorRateDuring">The error rate over the fault's seconds.</param>
/// <param name="TimeToImpactSeconds">From the fault's start to the first second out of the band before it (each second judged on the five around it); null when none was.</param>
/// <param name="RecoveryTimeSeconds">From the fault's end to the first of 10 seconds in a row back within the band (judged the same way); null when that never came, or not before the next fault began.</param>
/// <remarks>
/// The seconds before a fault are at most <see cref="BaselineSeconds"/>, and none from before the end of the fault that
/// ended last before it began; the recovery is looked for only until the next fault begins (<see cref="NextFaultAfterSeconds"/>).
/// </remarks>
public sealed record FaultImpact(double? P95BeforeMs, double? ErrorRateBefore, double? P95DuringMs, double? ErrorRateDuring, double? TimeToImpactSeconds, double? RecoveryTimeSeconds)
{
    /// <summary>How many seconds before a fault are its baseline.</summary>
    public const int BaselineSeconds = 30;

    /// <summary>
    /// When the recovery was cut short: the seconds from the fault's end to the start of the next fault, which came
    /// before 10 steady seconds did; null when the recovery was found or the scenario ended first.
    /// </summary>
    public double? NextFaultAfterSeconds { get; init; }

    /// <summary>The seconds with requests that a fault starting at <paramref name="from"/> is judged against: up to <see cref="BaselineSeconds"/>, none before <paramref name="since"/>.</summary>
    internal static List<SecondTally> Before(IEnumerable<SecondTally> seconds, double from, double since) =>
        [.. seconds.Where(s => s.Second + 1 <= from && s.Second + 1 > from - BaselineSeconds && s.Second >= since && s.Requests > 0)];

    internal static FaultImpact Of(IReadOnlyList<SecondTally> seconds, double from, double? to, double since = double.NegativeInfinity, double? next = null)
    {
        var before = Before(seconds, from, since);
        var during = seconds.Where(s => s.Second >= Math.Floor(from) && (to is not { } end || s.Second < end) && s.Requests > 0).ToList();
        if (before.Count == 0)
        {
            return new FaultImpact(null, null, during.Count == 0 ? null : during.Max(s => s.P95Ms), ErrorRate(during), null, null);
        }

        // The band of the seconds before: the median second's p95 (one slow second does not widen it), the errors of them all.
        var p95 = before.Select(s => s.P95Ms).Order().ElementAt(before.Count / 2);
        var errors = ErrorRate(before) ?? 0;
        var band = new RecoveryResult(from, 0, p95, errors, null, null);

        // Each second is judged on the five around it (the median second's p95, the errors of them all), so
        // that one second's few slow requests on a light load are not taken for an impact or a relapse.
        var bySecond = seconds.Where(s => s.Requests > 0).ToDictionary(s => s.Second);
        bool Within(SecondTally s)
        {
            var around = Enumerable.Range(-2, 5).Select(d => bySecond.GetValueOrDefault(s.Second + d)).Where(n => n.Requests > 0).ToList();
            var median = around.Select(n => n.P95Ms).Order().ElementAt(around.Count / 2);
            return median <= band.BandP95Ms && (ErrorRate(around) ?? 0) <= band.BandErrorRatePercent;
        }

        var impact = during.FirstOrDefault(s => !Within(s));
        double? recovery = null;
        if (to is { } ended)
        {
            long? steady = null;
            foreach (var second in seconds.Where(s => s.Second >= Math.Ceiling(ended) && (next is not { } cut || s.Second + 1 <= cut)))
            {
                steady = second.Requests > 0 && Within(second) ? steady ?? second.Second : null;
                if (steady is { } first && second.Second - first + 1 >= RecoveryPlan.SteadySeconds)
                {
                    recovery = Math.Round(Math.Max(first - ended, 0), 3);
                    break;
                }
            }
        }

        return new FaultImpact(
            Math.Round(p95, 3),
            Math.Round(errors, 3),
            during.Count == 0 ? null : during.Max(s => s.P95Ms),
            ErrorRate(during),
            impact.Requests > 0 ? Math.Round(Math.Max(impact.Second - from, 0), 3) : null,
            recovery)
        {
            NextFaultAfterSeconds = recovery is null && to is { } stop && next is { } begun ? Math.Round(Math.Max(begun - stop, 0), 3) : null,
        };
    }

    private static double? ErrorRate(List<SecondTally> seconds)
    {
        var requests = seconds.Sum(s => s.Requests);
        return requests == 0 ? null : Math.Round(100.0 * seconds.Sum(s => s.Errors) / requests, 3);
    }

    /// <summary>The impact in words.</summary>
    public string Describe()
    {
        var culture = CultureInfo.InvariantCulture;
        var figures = string.Create(culture, $"p95 {Show(P95BeforeMs)} -> {Show(P95DuringMs)} ms, errors {Show(ErrorRateBefore)} -> {Show(ErrorRateDuring)}%");
        var impact = TimeToImpactSeconds is { } after ? string.Create(culture, $", impact after {after:0.#} s") : ", no impact outside the band";
        var back = RecoveryTimeSeconds is { } recovered ? string.Create(culture, $", back within the band {recovered:0.#} s after it ended")
            : NextFaultAfterSeconds is { } next ? string.Create(culture, $", not back within the band before the next fault began {next:0.#} s after it ended")
            : ", not back within the band before the scenario ended";
        return figures + impact + back;
    }

    private static string Show(double? value) => value?.ToString("0.##", CultureInfo.InvariantCulture) ?? "?";
}
