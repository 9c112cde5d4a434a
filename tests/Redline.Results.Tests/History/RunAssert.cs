using Redline.Engine;

namespace Redline.Results.Tests.History;

/// <summary>Field-by-field comparison of a run with the same run loaded from a store (timestamps to the millisecond).</summary>
internal static class RunAssert
{
    public static void Same(RunResult expected, RunResult actual)
    {
        Assert.Equal(expected.RunId, actual.RunId);
        Assert.Equal(expected.Suite, actual.Suite);
        Assert.Equal(expected.StartedAt.ToUnixTimeMilliseconds(), actual.StartedAt.ToUnixTimeMilliseconds());
        Assert.Equal(expected.EndedAt.ToUnixTimeMilliseconds(), actual.EndedAt.ToUnixTimeMilliseconds());
        Assert.Equal(expected.Verdict, actual.Verdict);
        Assert.Equal(expected.Environment, actual.Environment);
        Assert.Equal(expected.Scenarios.Count, actual.Scenarios.Count);
        foreach (var (e, a) in expected.Scenarios.Zip(actual.Scenarios))
        {
            Scenario(e, a);
        }
    }

    public static void Same(Measures expected, Measures actual)
    {
        Assert.Equal(expected.Requests, actual.Requests);
        Assert.Equal(expected.Errors, actual.Errors);
        Assert.Equal(expected.ErrorRatePercent, actual.ErrorRatePercent);
        Assert.Equal(expected.ThroughputRps, actual.ThroughputRps);
        Assert.Equal(expected.Latency, actual.Latency);
        Assert.Equal(expected.ServiceTime, actual.ServiceTime);
        Assert.Equal(expected.Connect, actual.Connect);
        Assert.Equal(expected.TimeToFirstByte, actual.TimeToFirstByte);
        Assert.Equal(expected.ErrorsByType, actual.ErrorsByType);
        Assert.Equal(expected.StatusCodes, actual.StatusCodes);
        Assert.Equal(expected.LateIterations, actual.LateIterations);
        Assert.Equal(expected.DroppedIterations, actual.DroppedIterations);
        Assert.Equal(expected.InterruptedIterations, actual.InterruptedIterations);
        Assert.Equal(expected.MaxStartLagMs, actual.MaxStartLagMs);
    }

    private static void Scenario(ScenarioResult e, ScenarioResult a)
    {
        Assert.Equal(e.Name, a.Name);
        Assert.Equal(e.Model, a.Model);
        Assert.Equal(e.Description, a.Description);
        Assert.Equal(e.StartedAt.ToUnixTimeMilliseconds(), a.StartedAt.ToUnixTimeMilliseconds());
        Assert.Equal(e.Duration, a.Duration);
        Assert.Equal(e.Verdict, a.Verdict);
        Assert.Equal(e.StopReason, a.StopReason);
        Assert.Equal(e.Notes, a.Notes);
        Same(e.Totals, a.Totals);
        Assert.Equal(e.Components.Select(c => c.Name), a.Components.Select(c => c.Name));
        foreach (var (ec, ac) in e.Components.Zip(a.Components))
        {
            Same(ec.Measures, ac.Measures);
            Assert.Equal(ec.ErrorSamples, ac.ErrorSamples);
        }

        Assert.Equal(e.Criteria, a.Criteria);
        Assert.Equal((e.Generator.CpuPercent, e.Generator.PeakCpuPercent, e.Generator.ScheduleLagP99Ms, e.Generator.MaxScheduleLagMs, e.Generator.Saturated), (a.Generator.CpuPercent, a.Generator.PeakCpuPercent, a.Generator.ScheduleLagP99Ms, a.Generator.MaxScheduleLagMs, a.Generator.Saturated));
        Assert.Equal(e.Generator.Reasons, a.Generator.Reasons);
        Assert.Equal(e.Generator.Cause, a.Generator.Cause);
        Assert.Equal(e.Events.Count, a.Events.Count);
        for (var i = 0; i < e.Events.Count; i++)
        {
            Assert.Equal((e.Events[i].Scenario, e.Events[i].At, e.Events[i].Kind, e.Events[i].Text, e.Events[i].Component), (a.Events[i].Scenario, a.Events[i].At, a.Events[i].Kind, a.Events[i].Text, a.Events[i].Component));
            Assert.Equal(e.Events[i].Data.OrderBy(p => p.Key, StringComparer.Ordinal), a.Events[i].Data.OrderBy(p => p.Key, StringComparer.Ordinal));
        }
        Assert.Equal(e.Target is null, a.Target is null);
        if (e.Target is { } et && a.Target is { } at)
        {
            Assert.Equal((et.CpuPercentMean, et.CpuPercentPeak, et.CpuUsagePercent, et.MemoryPeakBytes, et.MemoryMeanBytes, et.Note), (at.CpuPercentMean, at.CpuPercentPeak, at.CpuUsagePercent, at.MemoryPeakBytes, at.MemoryMeanBytes, at.Note));
            Assert.Equal(et.Samples, at.Samples);
        }

        ResourceAssert.Same(e.Resources, a.Resources);

        // A loaded run always has business metrics, recomputed from what was stored.
        ResourceAssert.Same(e.Business ?? BusinessReport.From(e.Totals, e.Timeline, e.Resources), a.Business);
        Assert.Equal(e.Timeline.Count, a.Timeline.Count);
        foreach (var (ep, ap) in e.Timeline.Zip(a.Timeline))
        {
            Assert.Equal(ep.Second, ap.Second);
            Assert.Equal(ep.Load, ap.Load);
            Assert.Equal(ep.InFlight, ap.InFlight);
            Assert.Equal(ep.Generator, ap.Generator);
            Assert.Equal(ep.Target, ap.Target);
            Snapshot(ep.Total, ap.Total);
            Assert.Equal(ep.Components.Count, ap.Components.Count);
            foreach (var (es, @as) in ep.Components.Zip(ap.Components))
            {
                Snapshot(es, @as);
            }
        }
    }

    private static void Snapshot(IntervalSnapshot e, IntervalSnapshot a)
    {
        Assert.Equal(e.Second, a.Second);
        Assert.Equal(e.Component, a.Component);
        Assert.Equal((e.Requests, e.Errors, e.Dropped, e.Late, e.Interrupted), (a.Requests, a.Errors, a.Dropped, a.Late, a.Interrupted));
        Assert.Equal(e.ErrorsByType, a.ErrorsByType);
        Assert.Equal(e.StatusCodes, a.StatusCodes);
        Assert.Equal(e.Latency, a.Latency);
        Assert.Equal(e.ServiceTime, a.ServiceTime);
        Assert.Equal(e.LatencyHistogram, a.LatencyHistogram);
        Assert.Equal(e.ServiceHistogram, a.ServiceHistogram);
    }
}
