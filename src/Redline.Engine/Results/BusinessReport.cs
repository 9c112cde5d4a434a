namespace Redline.Engine;

/// <summary>A stretch of errors and how long the service took to come back from it.</summary>
/// <param name="StartSecond">The first second with an error.</param>
/// <param name="LastErrorSecond">The last second with an error before the service recovered (or the run ended).</param>
/// <param name="Errors">Errors in the burst.</param>
/// <param name="RecoverySeconds">From the burst's start to the start of the first <see cref="BusinessReport.RecoveryWindowSeconds"/> seconds with requests and no errors; null when the run ended first.</param>
public sealed record ErrorBurst(long StartSecond, long LastErrorSecond, long Errors, double? RecoverySeconds);

/// <summary>How a number of things in flight varied over a scenario.</summary>
/// <param name="Mean">Mean of the per-second values.</param>
/// <param name="P95">95th percentile of the per-second values.</param>
/// <param name="Max">Largest per-second value.</param>
public sealed record Spread(double Mean, double P95, double Max)
{
    /// <summary>The spread of <paramref name="values"/>; zeros when there are none.</summary>
    public static Spread Of(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length == 0 ? new Spread(0, 0, 0) : new Spread(Math.Round(sorted.Average(), 3), ResourceSeries.Quantile(sorted, 0.95), sorted[^1]);
    }
}

/// <summary>The seed's business metrics of one scenario: traffic, success, errors, recovery, queue depth and thread-pool use.</summary>
/// <param name="RequestsPerSecond">Completed requests per second of load.</param>
/// <param name="SuccessfulRequests">Requests that succeeded.</param>
/// <param name="ErrorRatePercent">Errors as a percentage of requests.</param>
/// <param name="ErrorsByType">Errors by class.</param>
/// <param name="ErrorBursts">Each burst of errors with its recovery time.</param>
/// <param name="QueueDepth">Requests in flight at the end of each second (the generator's queue into the service).</param>
/// <param name="TargetThreadPoolThreads">The target runtime's thread-pool threads per second, when its runtime was read.</param>
/// <param name="TargetThreadPoolQueue">The target runtime's thread-pool queue per second, when its runtime was read.</param>
public sealed record BusinessReport(
    double RequestsPerSecond,
    long SuccessfulRequests,
    double ErrorRatePercent,
    IReadOnlyDictionary<string, long> ErrorsByType,
    IReadOnlyList<ErrorBurst> ErrorBursts,
    Spread QueueDepth,
    Spread? TargetThreadPoolThreads,
    Spread? TargetThreadPoolQueue)
{
    /// <summary>Seconds in a row with requests and no burst-level errors that count as recovered.</summary>
    public const int RecoveryWindowSeconds = 5;

    /// <summary>
    /// The error rate of a second, in percent, from which it belongs to a burst: one request in
    /// twenty. Below it, the odd error of a steady background rate (a busy service failing one
    /// request in two hundred has seconds with two errors in 190) is noise, not a burst to recover
    /// from; a second of a slow scenario with one error in ten requests is a burst.
    /// </summary>
    public const double BurstErrorRatePercent = 5;

    /// <summary>The longest recovery in seconds (what <c>recovery_time</c> criteria compare); null when there was no error burst.</summary>
    /// <remarks>A burst that had not recovered when the run ended counts from its start to the run's last second.</remarks>
    public double? RecoveryTimeSeconds { get; init; }

    /// <summary>True when the last burst had not recovered by the end of the run.</summary>
    public bool Unrecovered => ErrorBursts.Count > 0 && ErrorBursts[^1].RecoverySeconds is null;

    /// <summary>Builds the report from a scenario's totals, its per-second timeline and its resources.</summary>
    public static BusinessReport From(Measures totals, IReadOnlyList<TimelinePoint> timeline, ResourceReport? resources)
    {
        ArgumentNullException.ThrowIfNull(timeline);
        return From(totals, [.. timeline.Select(SecondTally.Of)], resources);
    }

    /// <summary>Builds the report from a scenario's totals, the tallies of its seconds and its resources.</summary>
    public static BusinessReport From(Measures totals, IReadOnlyList<SecondTally> timeline, ResourceReport? resources)
    {
        ArgumentNullException.ThrowIfNull(totals);
        ArgumentNullException.ThrowIfNull(timeline);
        var bursts = FindBursts(timeline);
        double? worst = bursts.Count == 0 ? null
            : bursts.Max(b => b.RecoverySeconds ?? (timeline[^1].Second + 1 - b.StartSecond));
        return new BusinessReport(
            totals.ThroughputRps,
            totals.Requests - totals.Errors,
            totals.ErrorRatePercent,
            totals.ErrorsByType,
            bursts,
            Spread.Of(timeline.Select(p => (double)p.InFlight)),
            SpreadOf(resources, "target.runtime.thread_pool_threads"),
            SpreadOf(resources, "target.runtime.thread_pool_queue"))
        {
            RecoveryTimeSeconds = worst,
        };
    }

    /// <summary>
    /// A burst starts at a second whose error rate reaches <see cref="BurstErrorRatePercent"/> and
    /// lasts until <see cref="RecoveryWindowSeconds"/> seconds in a row complete requests below it;
    /// errors inside that wait belong to the same burst. A second with no completed request is no
    /// evidence of recovery, so it breaks the clean run. Times are in whole seconds of the timeline.
    /// </summary>
    internal static List<ErrorBurst> FindBursts(IReadOnlyList<TimelinePoint> timeline) => FindBursts([.. timeline.Select(SecondTally.Of)]);

    /// <inheritdoc cref="FindBursts(IReadOnlyList{TimelinePoint})"/>
    internal static List<ErrorBurst> FindBursts(IReadOnlyList<SecondTally> timeline)
    {
        var bursts = new List<ErrorBurst>();
        long? start = null;
        long lastError = 0;
        long errors = 0;
        long? cleanSince = null;
        foreach (var point in timeline)
        {
            var total = point;
            if (total.Errors > 0 && total.ErrorRatePercent >= BurstErrorRatePercent)
            {
                start ??= point.Second;
                lastError = point.Second;
                errors += total.Errors;
                cleanSince = null;
                continue;
            }

            if (start is null)
            {
                continue;
            }

            if (total.Requests == 0)
            {
                cleanSince = null;
                continue;
            }

            // Errors below the burst level while the service recovers still belong to the burst.
            errors += total.Errors;
            cleanSince ??= point.Second;
            if (point.Second - cleanSince.Value + 1 >= RecoveryWindowSeconds)
            {
                bursts.Add(new ErrorBurst(start.Value, lastError, errors, cleanSince.Value - start.Value));
                (start, errors, cleanSince) = (null, 0, null);
            }
        }

        if (start is { } open)
        {
            bursts.Add(new ErrorBurst(open, lastError, errors, null));
        }

        return bursts;
    }

    private static Spread? SpreadOf(ResourceReport? resources, string name) =>
        resources?.Find(name) is { Summary: not null } series
            ? Spread.Of(series.Values.Where(v => v.HasValue).Select(v => v!.Value))
            : null;
}

/// <summary>What the business figures need of one second: its requests, errors and the iterations in flight.</summary>
/// <param name="Second">The second, from the scenario's start.</param>
/// <param name="Requests">Iterations completed in it.</param>
/// <param name="Errors">Of those, the failed ones.</param>
/// <param name="InFlight">Iterations running at its end.</param>
public readonly record struct SecondTally(long Second, long Requests, long Errors, int InFlight)
{
    /// <summary>Errors as a percentage of requests, 0 without requests.</summary>
    public double ErrorRatePercent => Requests == 0 ? 0 : 100.0 * Errors / Requests;

    /// <summary>The second's p95 latency in ms, 0 without requests.</summary>
    public double P95Ms { get; init; }

    /// <summary>The tally of a timeline's point.</summary>
    public static SecondTally Of(TimelinePoint point)
    {
        ArgumentNullException.ThrowIfNull(point);
        return new SecondTally(point.Second, point.Total.Requests, point.Total.Errors, point.InFlight) { P95Ms = point.Total.Latency.P95 };
    }
}
