namespace Redline.Results.Analysis;

/// <summary>
/// The seed's <c>regression_thresholds</c>: critical, warning and notice levels, plus the
/// significance level α a change must also pass before it is reported.
/// </summary>
public sealed record RegressionThresholds
{
    private readonly double _alpha = 0.05;

    /// <summary>The seed's defaults: critical +20% / -15% / +100% / 50 MB/hour, warning +10% / -5% / +50% / CPU +10%, notice +5% and any minor degradation.</summary>
    public static RegressionThresholds Default { get; } = new();

    /// <summary>The critical level; blocks the deployment by default.</summary>
    public LevelThresholds Critical { get; init; } = new()
    {
        ResponseTimeIncreasePercent = 20,
        ThroughputDecreasePercent = 15,
        ErrorRateIncreasePercent = 100,
        MemoryLeakMbPerHour = 50,
        Action = RegressionAction.BlockDeployment,
    };

    /// <summary>The warning level; requires review by default.</summary>
    public LevelThresholds Warning { get; init; } = new()
    {
        ResponseTimeIncreasePercent = 10,
        ThroughputDecreasePercent = 5,
        ErrorRateIncreasePercent = 50,
        CpuIncreasePercent = 10,
        Action = RegressionAction.RequireReview,
    };

    /// <summary>The notice level; logged and tracked by default.</summary>
    public LevelThresholds Notice { get; init; } = new()
    {
        ResponseTimeIncreasePercent = 5,
        MinorDegradation = true,
        Action = RegressionAction.LogAndTrack,
    };

    /// <summary>Significance level of the tests, in (0, 0.5]; a change with p ≥ α is never reported.</summary>
    public double Alpha
    {
        get => _alpha;
        init
        {
            if (!(value > 0 && value <= 0.5))
            {
                throw new ArgumentOutOfRangeException(nameof(Alpha), value, "α must be in (0, 0.5].");
            }

            _alpha = value;
        }
    }

    /// <summary>The levels from the most to the least severe.</summary>
    public IEnumerable<(RegressionSeverity Severity, LevelThresholds Level)> Levels =>
        [(RegressionSeverity.Critical, Critical), (RegressionSeverity.Warning, Warning), (RegressionSeverity.Notice, Notice)];

    /// <summary>The action of <paramref name="severity"/>'s level; None for no regression.</summary>
    public RegressionAction ActionOf(RegressionSeverity severity) => severity switch
    {
        RegressionSeverity.Critical => Critical.Action,
        RegressionSeverity.Warning => Warning.Action,
        RegressionSeverity.Notice => Notice.Action,
        _ => RegressionAction.None,
    };

    /// <summary>
    /// These thresholds with <paramref name="points"/> percentage points added to every level's timing, throughput, CPU and
    /// memory rule: what a measured noisy machine is judged with, so that its noise is not taken for a change.
    /// </summary>
    public RegressionThresholds Widened(double points)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(points);
        return points == 0 ? this : this with { Critical = Widen(Critical, points), Warning = Widen(Warning, points), Notice = Widen(Notice, points) };

        static LevelThresholds Widen(LevelThresholds level, double points) => level with
        {
            ResponseTimeIncreasePercent = level.ResponseTimeIncreasePercent + points,
            ThroughputDecreasePercent = level.ThroughputDecreasePercent + points,
            CpuIncreasePercent = level.CpuIncreasePercent + points,
            MemoryIncreasePercent = level.MemoryIncreasePercent + points,
        };
    }

    /// <summary>Reads <c>regression_thresholds</c> in the seed's syntax; null, with every problem in <paramref name="issues"/>, when anything is wrong.</summary>
    /// <remarks>
    /// <paramref name="levels"/> maps a level name to its keys and the seed's strings
    /// (<c>"&gt;20%"</c>, <c>"&gt;50MB/hour"</c>, <c>"any"</c>, <c>"block_deployment"</c>); <paramref name="alpha"/>
    /// is optional (<c>"0.01"</c>). Keys a level leaves out keep the seed's default, so that raising
    /// one threshold does not silently drop the others; <c>"off"</c> removes a rule.
    /// </remarks>
    public static RegressionThresholds? TryParse(
        IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> levels,
        string? alpha,
        out IReadOnlyList<ThresholdIssue> issues) => ThresholdParser.Parse(levels, alpha, out issues);
}

/// <summary>One problem in <c>regression_thresholds</c>.</summary>
/// <param name="KeyPath">Where, relative to <c>regression_thresholds</c>, such as <c>critical.response_time_increase</c>.</param>
/// <param name="Message">What is wrong, in the user's terms.</param>
/// <param name="IsKeyProblem">True when the key itself is wrong (unknown level or key), false when its value is.</param>
public sealed record ThresholdIssue(string KeyPath, string Message, bool IsKeyProblem)
{
    /// <summary>The form <c>key.path: message</c>.</summary>
    public override string ToString() => $"{KeyPath}: {Message}";
}
