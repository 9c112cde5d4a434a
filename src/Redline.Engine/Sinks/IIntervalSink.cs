namespace Redline.Engine;

/// <summary>Receives each second of a running scenario: live views, interval files, dashboards.</summary>
public interface IIntervalSink
{
    /// <summary>Called once per closed second, in order, from one thread at a time.</summary>
    void OnInterval(IntervalReport report);
}
