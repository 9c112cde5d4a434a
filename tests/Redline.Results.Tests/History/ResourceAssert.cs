using Redline.Engine;

namespace Redline.Results.Tests.History;

/// <summary>Field-by-field comparison of resource and business reports with the same reports loaded from a store.</summary>
internal static class ResourceAssert
{
    public static void Same(ResourceReport? expected, ResourceReport? actual)
    {
        Assert.Equal(expected is null, actual is null);
        if (expected is null || actual is null)
        {
            return;
        }

        Assert.Equal((expected.Supported, expected.Status, expected.TargetPid, expected.TargetExitedAtSeconds), (actual.Supported, actual.Status, actual.TargetPid, actual.TargetExitedAtSeconds));
        var unavailable = Assert.IsType<SortedDictionary<string, string>>(actual.Unavailable);
        Assert.Same(StringComparer.Ordinal, unavailable.Comparer);
        Assert.Equal(expected.Unavailable, actual.Unavailable);
        Assert.Equal(expected.Seconds, actual.Seconds);
        Assert.Equal(expected.Series.Select(s => (s.Name, s.Unit)), actual.Series.Select(s => (s.Name, s.Unit)));
        foreach (var (e, a) in expected.Series.Zip(actual.Series))
        {
            Assert.Equal(e.Values, a.Values);
            Assert.Equal(e.Summary, a.Summary);
        }

        Assert.Equal(expected.TargetGcPauses, actual.TargetGcPauses);
        Assert.Equal(expected.GeneratorGcPauses, actual.GeneratorGcPauses);
        Assert.Equal(expected.HeapGrowthBytesPerHour, actual.HeapGrowthBytesPerHour);
        Assert.Equal(expected.HeapGrowthNote, actual.HeapGrowthNote);
        Assert.Equal(expected.TargetRuntimePid, actual.TargetRuntimePid);
    }

    public static void Same(BusinessReport expected, BusinessReport? actual)
    {
        Assert.NotNull(actual);
        Assert.Equal((expected.RequestsPerSecond, expected.SuccessfulRequests, expected.ErrorRatePercent), (actual.RequestsPerSecond, actual.SuccessfulRequests, actual.ErrorRatePercent));
        Assert.Equal(expected.ErrorsByType, actual.ErrorsByType);
        Assert.Equal(expected.ErrorBursts, actual.ErrorBursts);
        Assert.Equal((expected.RecoveryTimeSeconds, expected.Unrecovered), (actual.RecoveryTimeSeconds, actual.Unrecovered));
        Assert.Equal(expected.QueueDepth, actual.QueueDepth);
        Assert.Equal(expected.TargetThreadPoolThreads, actual.TargetThreadPoolThreads);
        Assert.Equal(expected.TargetThreadPoolQueue, actual.TargetThreadPoolQueue);
    }
}
