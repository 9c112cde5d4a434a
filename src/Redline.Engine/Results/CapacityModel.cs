using System.Globalization;
using MathNet.Numerics;

namespace Redline.Engine;

/// <summary>
/// What the degradation curve says about capacity: the Universal Scalability Law fitted to each
/// stage's concurrency and throughput (contention σ, coherency κ, the peak), the knee of latency
/// against throughput, and Little's law checked per stage as a test of the measurement itself.
/// </summary>
/// <param name="Usl">The fit, when there were enough stages.</param>
/// <param name="UslNote">Why there is no fit, or why it is not to be trusted.</param>
/// <param name="Knee">Where latency turns up against throughput, when the curve has one.</param>
/// <param name="KneeNote">Why there is no knee.</param>
/// <param name="Little">Little's law per held stage.</param>
public sealed record CapacityModel(UslFit? Usl, string? UslNote, KneePoint? Knee, string? KneeNote, IReadOnlyList<LittleCheck> Little)
{
    /// <summary>The USL needs at least this many levels.</summary>
    public const int MinLevels = 4;

    /// <summary>Below this R² the fit is reported with a warning.</summary>
    public const double PoorFit = 0.9;

    /// <summary>Little's law flags a stage whose measured and predicted concurrency differ by more than this share.</summary>
    public const double LittleTolerance = 0.10;

    /// <summary>The model of <paramref name="stages"/>; null with fewer than two.</summary>
    public static CapacityModel? Of(IReadOnlyList<StageResult> stages, ScenarioStart start)
    {
        ArgumentNullException.ThrowIfNull(stages);
        ArgumentNullException.ThrowIfNull(start);
        if (stages.Count < 2)
        {
            return null;
        }

        var points = stages.Where(s => s.Span.Phase is "load" or "probe" && !s.GeneratorSaturated && s.Measures.Requests > 0 && s.InFlightMean > 0).ToList();
        var levels = points.Select(p => Math.Round(p.InFlightMean)).Distinct().Count();
        var (usl, uslNote) = levels < MinLevels
            ? (null, Invariant($"not fitted: {levels} distinct levels, the Universal Scalability Law needs {MinLevels} or more"))
            : FitUsl([.. points.Select(p => p.InFlightMean)], [.. points.Select(p => p.Measures.ThroughputRps)]);
        var (knee, kneeNote) = FindKnee(points.Where(p => p.Span.Phase == "load").ToList());
        return new CapacityModel(usl, uslNote, knee, kneeNote, [.. stages.Select(s => CheckLittle(s, start)).OfType<LittleCheck>()]);
    }

    /// <summary>
    /// X(N) = λN / (1 + σ(N−1) + κN(N−1)) by least squares on throughput, started from the exact
    /// quadratic fit of N/X against N (N/X = a + bN + cN², so λ = 1/(a+b+c), κ = cλ, σ = (b+c)λ).
    /// </summary>
    internal static (UslFit? Fit, string? Note) FitUsl(double[] concurrency, double[] throughput)
    {
        var ratio = concurrency.Zip(throughput, (n, x) => n / x).ToArray();
        var quadratic = Fit.Polynomial(concurrency, ratio, 2);
        var lambda0 = 1 / quadratic.Sum();
        var kappa0 = Math.Max(quadratic[2] * lambda0, 1e-9);
        var sigma0 = Math.Clamp((quadratic[1] + quadratic[2]) * lambda0, 1e-6, 0.999);
        if (!double.IsFinite(lambda0) || lambda0 <= 0)
        {
            lambda0 = throughput.Zip(concurrency, (x, n) => x / n).Max();
        }

        double Model(double lambda, double sigma, double kappa, double n) => lambda * n / (1 + (sigma * (n - 1)) + (kappa * n * (n - 1)));
        (double Lambda, double Sigma, double Kappa) fitted;
        try
        {
            var (l, s, k) = Fit.Curve(concurrency, throughput, Model, lambda0, sigma0, kappa0, 10_000);
            fitted = double.IsFinite(l) && double.IsFinite(s) && double.IsFinite(k) ? (l, s, k) : (lambda0, sigma0, kappa0);
        }
        catch (ArithmeticException)
        {
            fitted = (lambda0, sigma0, kappa0);
        }

        var mean = throughput.Average();
        var residual = concurrency.Select((n, i) => Math.Pow(throughput[i] - Model(fitted.Lambda, fitted.Sigma, fitted.Kappa, n), 2)).Sum();
        var total = throughput.Sum(x => Math.Pow(x - mean, 2));
        var r2 = total == 0 ? 0 : 1 - (residual / total);
        // Below this κ the curve never turns down within any load worth naming: throughput tends to λ/σ instead.
        var retrograde = fitted.Kappa > 1e-7 && fitted.Sigma < 1;
        double? peakN = retrograde ? Math.Sqrt((1 - fitted.Sigma) / fitted.Kappa) : null;
        var fit = new UslFit(
            Math.Round(fitted.Sigma, 6),
            Math.Round(fitted.Kappa, 8),
            Math.Round(fitted.Lambda, 4),
            peakN is { } n ? Math.Round(n, 2) : null,
            peakN is { } at ? Math.Round(Model(fitted.Lambda, fitted.Sigma, fitted.Kappa, at), 2) : fitted.Sigma > 0 ? Math.Round(fitted.Lambda / fitted.Sigma, 2) : null,
            Math.Round(r2, 4),
            concurrency.Length);
        var note = fitted.Sigma < 0 || fitted.Kappa < 0 ? Invariant($"poor fit: a negative coefficient (σ {fit.Sigma}, κ {fit.Kappa}) has no physical meaning; the levels may not reach contention")
            : r2 < PoorFit ? Invariant($"poor fit: R² {fit.RSquared} is below {PoorFit}; read the peak with care")
            : peakN is null ? "no retrograde: κ is about 0, so throughput levels off towards λ/σ (the peak throughput given) instead of turning down"
            : null;
        return (fit, note);
    }

    /// <summary>
    /// The knee of p95 against throughput, Kneedle's way: both scaled to [0, 1] in load order, the point
    /// furthest below the diagonal from the first to the last. Needs three or more stages and a curve that bends.
    /// </summary>
    internal static (KneePoint? Knee, string? Note) FindKnee(IReadOnlyList<StageResult> stages)
    {
        if (stages.Count < 3)
        {
            return (null, Invariant($"no knee: {stages.Count} stages, at least 3 are needed"));
        }

        var x = stages.Select(s => s.Measures.ThroughputRps).ToArray();
        var y = stages.Select(s => s.Measures.Latency.P95).ToArray();
        var (xMin, xMax, yMin, yMax) = (x.Min(), x.Max(), y.Min(), y.Max());
        if (xMax - xMin <= 0 || yMax - yMin <= 0)
        {
            return (null, "no knee: throughput or latency did not change across the stages");
        }

        // Latency that stays within half again of its lowest has not turned up: what bends there is noise.
        if (yMax < 1.5 * yMin)
        {
            return (null, Invariant($"no knee: p95 stayed between {yMin:0.#} and {yMax:0.#} ms across the stages"));
        }

        var best = -1;
        var distance = 0.0;
        for (var i = 0; i < stages.Count; i++)
        {
            var d = ((x[i] - xMin) / (xMax - xMin)) - ((y[i] - yMin) / (yMax - yMin));
            if (d > distance)
            {
                (best, distance) = (i, d);
            }
        }

        if (best < 0 || distance < 0.1)
        {
            return (null, "no knee: latency rises evenly with throughput");
        }

        var stage = stages[best];
        return (new KneePoint(stage.Span.Number, stage.Span.To, stage.Measures.ThroughputRps, stage.Measures.Latency.P95), null);
    }

    /// <summary>
    /// L = λW on a held stage: the closed model's users against throughput times (service time plus
    /// think time), the open model's iterations in flight against throughput times service time.
    /// </summary>
    internal static LittleCheck? CheckLittle(StageResult stage, ScenarioStart start)
    {
        var length = (stage.Span.End - stage.Span.Start).TotalSeconds;
        // Probes and the recovery follow a level that may have left a queue behind: not steady, so the law need not hold there.
        if (stage.Span.Phase != "load" || stage.Span.From != stage.Span.To || length < 5 || stage.Measures.Requests == 0 || stage.InFlightMean <= 0)
        {
            return null;
        }

        var cycleSeconds = (stage.Measures.ServiceTime.Mean / 1000) + (start.Model == "closed" ? start.ThinkTime.TotalSeconds : 0);
        var predicted = stage.Measures.ThroughputRps * cycleSeconds;
        var deviation = (predicted - stage.InFlightMean) / stage.InFlightMean;
        return new LittleCheck(stage.Span.Number, stage.InFlightMean, Math.Round(predicted, 3), Math.Round(100 * deviation, 2), Math.Abs(deviation) > LittleTolerance);
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}

/// <summary>The Universal Scalability Law fitted to a scenario's stages.</summary>
/// <param name="Sigma">Contention (σ): the serial share of the work.</param>
/// <param name="Kappa">Coherency (κ): the cost of keeping shared state in step, which turns throughput down.</param>
/// <param name="Lambda">Throughput of one unit of concurrency (λ), requests per second.</param>
/// <param name="PeakConcurrency">The concurrency of the highest throughput, √((1−σ)/κ); null when κ is about 0.</param>
/// <param name="PeakThroughputRps">The highest throughput the model predicts; with κ about 0, the level λ/σ it tends to.</param>
/// <param name="RSquared">How much of the throughput's variation the model explains.</param>
/// <param name="Points">How many stages it was fitted to.</param>
public sealed record UslFit(double Sigma, double Kappa, double Lambda, double? PeakConcurrency, double? PeakThroughputRps, double RSquared, int Points);

/// <summary>The stage where latency turns up against throughput.</summary>
/// <param name="Stage">Which stage, from 1.</param>
/// <param name="Load">Its load.</param>
/// <param name="ThroughputRps">Its throughput.</param>
/// <param name="P95Ms">Its p95.</param>
public sealed record KneePoint(int Stage, double Load, double ThroughputRps, double P95Ms);

/// <summary>Little's law on one held stage.</summary>
/// <param name="Stage">Which stage, from 1.</param>
/// <param name="MeasuredConcurrency">Iterations in flight (or users) measured, on average.</param>
/// <param name="PredictedConcurrency">Throughput times the time each spends in the system.</param>
/// <param name="DeviationPercent">How far the prediction is from the measure, percent.</param>
/// <param name="Fails">True past ±10%: a sign that something in the measurement is off.</param>
public sealed record LittleCheck(int Stage, double MeasuredConcurrency, double PredictedConcurrency, double DeviationPercent, bool Fails);
