namespace Redline.ReferenceTarget;

/// <summary>
/// Seeded log-normal latencies, the shape service times have: most near the median, a long right tail.
/// Safe to draw from on many threads; one seed gives one sequence.
/// </summary>
internal sealed class LogNormalDraws(int seed)
{
    private readonly Random _random = new(seed);
    private readonly Lock _lock = new();

    /// <summary>One draw in milliseconds: <paramref name="medianMs"/> × e^(<paramref name="sigma"/> × z) with z standard normal.</summary>
    public double NextMs(double medianMs, double sigma)
    {
        lock (_lock)
        {
            return Draw(medianMs, sigma);
        }
    }

    /// <summary><paramref name="count"/> draws taken together, so that a seed gives the same sequence whatever runs beside it.</summary>
    public double[] NextMs(int count, double medianMs, double sigma)
    {
        var draws = new double[count];
        lock (_lock)
        {
            for (var i = 0; i < count; i++)
            {
                draws[i] = Draw(medianMs, sigma);
            }
        }

        return draws;
    }

    /// <summary>True with probability <paramref name="chance"/> (0 to 1).</summary>
    public bool Chance(double chance)
    {
        lock (_lock)
        {
            return _random.NextDouble() < chance;
        }
    }

    private double Draw(double medianMs, double sigma)
    {
        // Box-Muller; 1 - NextDouble() is in (0, 1], so the logarithm is finite.
        var z = Math.Sqrt(-2 * Math.Log(1 - _random.NextDouble())) * Math.Cos(2 * Math.PI * _random.NextDouble());
        return medianMs * Math.Exp(sigma * z);
    }
}
