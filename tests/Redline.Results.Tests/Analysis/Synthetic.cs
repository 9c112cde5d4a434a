namespace Redline.Results.Tests.Analysis;

/// <summary>Seeded random draws and simulated runs for the analysis tests.</summary>
internal static class Synthetic
{
    public static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

    /// <summary>A log-normal draw with the given median and coefficient of variation.</summary>
    public static double LogNormal(Random random, double median, double cv) =>
        median * Math.Exp(Math.Sqrt(Math.Log(1 + (cv * cv))) * Gaussian(random));

    public static double[] LogNormalSeries(Random random, int count, double median, double cv) =>
        Enumerable.Range(0, count).Select(_ => LogNormal(random, median, cv)).ToArray();

    /// <summary>Poisson by Knuth's method for small means, a rounded normal for large ones.</summary>
    public static int Poisson(Random random, double mean)
    {
        if (mean > 50)
        {
            return Math.Max(0, (int)Math.Round(mean + (Math.Sqrt(mean) * Gaussian(random))));
        }

        var limit = Math.Exp(-mean);
        var count = 0;
        for (var product = random.NextDouble(); product > limit; product *= random.NextDouble())
        {
            count++;
        }

        return count;
    }
}
