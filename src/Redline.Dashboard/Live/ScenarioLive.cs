using HdrHistogram;
using Redline.Engine;

namespace Redline.Dashboard;

/// <summary>One scenario as the dashboard holds it: its seconds as drawn, its running totals per component, its last resources.</summary>
internal sealed class ScenarioLive(ScenarioStart start)
{
    public const string Other = "other";

    private readonly Dictionary<string, Totals> _byName = new(StringComparer.Ordinal);

    public string Name { get; } = start.Scenario;

    public ScenarioStart Start { get; } = start;

    public string? StartJson { get; set; }

    public string? EndJson { get; set; }

    /// <summary>The seconds as the page draws them, one line of JSON each.</summary>
    public List<(long Second, string Json)> Rows { get; } = [];

    /// <summary>1 while every second is kept; 2, 4, ... once older seconds were thinned.</summary>
    public int ThinnedEvery { get; set; } = 1;

    /// <summary>The components in the plan's order (at most <see cref="LiveState.MaxComponents"/>, the last then <c>other</c>).</summary>
    public List<Totals> Components { get; } = [];

    /// <summary>All components together.</summary>
    public Totals All { get; } = new("all");

    public long Seconds { get; private set; }

    public double Load { get; private set; }

    public int InFlight { get; private set; }

    public IntervalReport? Last { get; private set; }

    /// <summary>Bytes the machine's disks read and wrote, and its interfaces received and sent, summed from the per-second rates.</summary>
    public double DiskReadBytes { get; private set; }

    public double DiskWrittenBytes { get; private set; }

    public double NetworkReceivedBytes { get; private set; }

    public double NetworkSentBytes { get; private set; }

    /// <summary>The component's totals a snapshot of <paramref name="component"/> goes to, folding those past the limit into <c>other</c>.</summary>
    public Totals For(string component)
    {
        if (_byName.TryGetValue(component, out var totals))
        {
            return totals;
        }

        if (Components.Count < LiveState.MaxComponents - 1 || (Components.Count == LiveState.MaxComponents - 1 && Start.Components.Count <= LiveState.MaxComponents))
        {
            totals = new Totals(component);
            Components.Add(totals);
        }
        else
        {
            totals = Components.Find(c => c.Name == Other) ?? AddOther();
        }

        _byName[component] = totals;
        return totals;
    }

    public void Add(IntervalReport report)
    {
        Seconds++;
        Load = report.Load;
        InFlight = report.InFlight;
        Last = report;
        foreach (var snapshot in report.Components)
        {
            For(snapshot.Component ?? Other).Add(snapshot);
        }

        All.Add(report.Total);
        if (report.Resources?.System is { } system)
        {
            DiskReadBytes += system.Disks?.Sum(d => d.ReadBytesPerSecond) ?? 0;
            DiskWrittenBytes += system.Disks?.Sum(d => d.WriteBytesPerSecond) ?? 0;
            NetworkReceivedBytes += system.Interfaces?.Sum(i => i.ReceivedBytesPerSecond) ?? 0;
            NetworkSentBytes += system.Interfaces?.Sum(i => i.SentBytesPerSecond) ?? 0;
        }
    }

    private Totals AddOther()
    {
        var other = new Totals(Other);
        Components.Add(other);
        return other;
    }
}

/// <summary>A component's running totals: counts, status codes, error classes and its latency histogram since the scenario's start.</summary>
internal sealed class Totals(string name)
{
    public string Name { get; } = name;

    public long Requests { get; private set; }

    public long Errors { get; private set; }

    public long Dropped { get; private set; }

    public long Late { get; private set; }

    public long Interrupted { get; private set; }

    public Dictionary<string, long> StatusCodes { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, long> ErrorsByType { get; } = new(StringComparer.Ordinal);

    /// <summary>Latency in microseconds, every second's histogram added.</summary>
    public LongHistogram Latency { get; } = Histograms.Create();

    public LongHistogram Service { get; } = Histograms.Create();

    public void Add(IntervalSnapshot snapshot)
    {
        Requests += snapshot.Requests;
        Errors += snapshot.Errors;
        Dropped += snapshot.Dropped;
        Late += snapshot.Late;
        Interrupted += snapshot.Interrupted;
        Count(StatusCodes, snapshot.StatusCodes);
        Count(ErrorsByType, snapshot.ErrorsByType);
        if (snapshot.Requests > 0 && snapshot.LatencyHistogram.Length > 0)
        {
            Latency.Add(Histograms.Decode(snapshot.LatencyHistogram));
            Service.Add(Histograms.Decode(snapshot.ServiceHistogram));
        }
    }

    /// <summary>The totals as the engine's figures, for judging a success criterion on them while the run goes on.</summary>
    public Measures ToMeasures(double seconds) => new(
        Requests,
        Errors,
        seconds > 0 ? Requests / seconds : 0,
        LatencyStats.From(Latency),
        LatencyStats.From(Service),
        LatencyStats.Empty,
        LatencyStats.Empty,
        ErrorsByType,
        StatusCodes,
        Late,
        Dropped,
        Interrupted,
        0);

    private static void Count(Dictionary<string, long> into, IReadOnlyDictionary<string, long> from)
    {
        foreach (var (key, count) in from)
        {
            var label = into.ContainsKey(key) || into.Count < LiveState.MaxLabelValues - 1 ? key : ScenarioLive.Other;
            into[label] = into.GetValueOrDefault(label) + count;
        }
    }
}
