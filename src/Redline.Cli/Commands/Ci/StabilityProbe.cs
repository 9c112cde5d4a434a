using System.Diagnostics;
using Redline.Cli.Suites;

namespace Redline.Cli.Commands.Ci;

/// <summary>What the environment-stability probe saw and what it does to the gate.</summary>
/// <param name="SpreadPercent">The spread of the timings: 1.4826 × their median absolute deviation over their median, percent.</param>
/// <param name="MedianMs">The median timing, ms.</param>
/// <param name="Samples">How many timings.</param>
/// <param name="MarginPoints">Percentage points added to the regression thresholds (0 when stable).</param>
/// <param name="TooNoisy">True when the spread is above the limit: no change could be told from the noise.</param>
internal sealed record StabilityReading(double SpreadPercent, double MedianMs, int Samples, double MarginPoints, bool TooNoisy);

/// <summary>
/// The seed's <c>verify_environment_stability</c>: a fixed piece of CPU and memory work timed again and again. On a quiet
/// machine the timings agree within a percent or two; a neighbour, a throttled CPU or a busy hypervisor spreads them.
/// </summary>
internal static class StabilityProbe
{
    private const int Warmups = 5;
    private const int Samples = 30;

    /// <summary>Times the work <see cref="Samples"/> times with a pause between, and judges the spread against <paramref name="limits"/>.</summary>
    public static async Task<StabilityReading> MeasureAsync(StabilityLimits limits, CancellationToken cancellationToken)
    {
        var buffer = new int[64 * 1024];
        for (var i = 0; i < Warmups; i++)
        {
            Work(buffer);
        }

        var timings = new double[Samples];
        for (var i = 0; i < Samples; i++)
        {
            var start = Stopwatch.GetTimestamp();
            Work(buffer);
            timings[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;

            // A pause lets what else runs on the machine show between the samples, as it would between a run's seconds.
            await Task.Delay(TimeSpan.FromMilliseconds(15), cancellationToken).ConfigureAwait(false);
        }

        return Judge(timings, limits);
    }

    /// <summary>The reading of <paramref name="timings"/>: the spread widens the gate by twice itself above the widening limit.</summary>
    public static StabilityReading Judge(IReadOnlyList<double> timings, StabilityLimits limits)
    {
        var median = Median(timings);
        var mad = Median([.. timings.Select(t => Math.Abs(t - median))]);
        var spread = median > 0 ? 100 * 1.4826 * mad / median : 0;
        var tooNoisy = spread > limits.FailAbovePercent;
        var margin = !tooNoisy && spread > limits.WidenAbovePercent ? Math.Round(2 * spread, 1) : 0;
        return new StabilityReading(spread, median, timings.Count, margin, tooNoisy);
    }

    private static double Median(IReadOnlyList<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length == 0 ? 0 : sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }

    /// <summary>About 5 ms of arithmetic and memory traffic on a current core, the same every time.</summary>
    private static void Work(int[] buffer)
    {
        var x = 2463534242u;
        for (var round = 0; round < 24; round++)
        {
            for (var i = 0; i < buffer.Length; i++)
            {
                x ^= x << 13;
                x ^= x >> 17;
                x ^= x << 5;
                buffer[(int)(x & (uint)(buffer.Length - 1))] += i;
            }
        }

        GC.KeepAlive(buffer);
    }
}
