namespace Redline.ReferenceTarget.Faults;

/// <summary>The known error rate: a seeded share of responses answered with 500.</summary>
internal sealed class ErrorFault(ReferenceOptions options)
{
    // Its own sequence, apart from the experts' latencies, so that one fault does not shift the other.
    private readonly Random _random = new(options.Seed ^ 0x0E770E77);
    private readonly Lock _lock = new();

    /// <summary>Whether this response is to fail.</summary>
    public bool ShouldFail()
    {
        if (options.ErrorRatePercent <= 0)
        {
            return false;
        }

        lock (_lock)
        {
            return _random.NextDouble() * 100 < options.ErrorRatePercent;
        }
    }
}
