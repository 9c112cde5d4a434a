using System.Collections.Concurrent;

namespace Redline.Engine;

/// <summary>
/// Where code outside the engine posts events for the running scenario's timeline: the CLI when it
/// starts the target, fault injectors, alert rules. Thread-safe. Each event is stamped with the
/// clock's time when posted; the running scenario takes it at its next second and places it at
/// its own offset, so an event posted before a scenario starts lands at its second zero.
/// </summary>
public sealed class RunEventJournal(TimeProvider? timeProvider = null)
{
    private readonly ConcurrentQueue<Posted> _pending = new();

    /// <summary>The clock events are stamped with; the run's own, so offsets agree.</summary>
    public TimeProvider TimeProvider { get; } = timeProvider ?? TimeProvider.System;

    /// <summary>Posts an event now.</summary>
    public void Post(RunEventKind kind, string text, string? component = null, IReadOnlyDictionary<string, string>? data = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        _pending.Enqueue(new Posted(TimeProvider.GetTimestamp(), kind, text, component, data));
    }

    /// <summary>Takes every event posted so far, oldest first.</summary>
    internal List<Posted> Take()
    {
        var taken = new List<Posted>();
        while (_pending.TryDequeue(out var posted))
        {
            taken.Add(posted);
        }

        return taken;
    }

    internal readonly record struct Posted(long Timestamp, RunEventKind Kind, string Text, string? Component, IReadOnlyDictionary<string, string>? Data);
}
