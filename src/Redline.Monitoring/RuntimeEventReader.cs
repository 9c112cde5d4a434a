using Microsoft.Diagnostics.Tracing;
using Microsoft.Diagnostics.Tracing.Parsers.Clr;

namespace Redline.Monitoring;

/// <summary>Turns a runtime's event stream into counter values and GC pauses for <see cref="RuntimeFigures"/>.</summary>
/// <remarks>
/// A pause runs from the suspension of managed threads for a GC to their restart. Suspensions for
/// other reasons (a debugger, the tiered JIT's call counting) stop threads too, but are not GC pauses
/// and are left out. Events of one session arrive in order, so a pause needs only the last
/// suspension's timestamp; the handlers run on the reader thread alone.
/// </remarks>
internal sealed class RuntimeEventReader
{
    private readonly RuntimeFigures _figures;
    private double? _suspendedAtMs;

    /// <summary>Feeds <paramref name="figures"/> from the events of <paramref name="source"/>.</summary>
    public RuntimeEventReader(TraceEventDispatcher source, RuntimeFigures figures)
    {
        _figures = figures;
        source.Dynamic.All += OnEvent;
        source.Clr.GCSuspendEEStart += OnSuspend;
        source.Clr.GCRestartEEStop += OnRestarted;
        source.Clr.GCHeapStats += OnHeapStats;
    }

    private void OnHeapStats(GCHeapStatsTraceData data) => _figures.AddHeapAfterGc(data.TotalHeapSize);

    private void OnEvent(TraceEvent data)
    {
        if (CounterReading.TryRead(data, out var reading))
        {
            _figures.Add(reading);
        }
    }

    private void OnSuspend(GCSuspendEETraceData data) =>
        _suspendedAtMs = data.Reason is GCSuspendEEReason.SuspendForGC or GCSuspendEEReason.SuspendForGCPrep
            ? data.TimeStampRelativeMSec
            : null;

    private void OnRestarted(GCNoUserDataTraceData data)
    {
        if (_suspendedAtMs is { } start)
        {
            _suspendedAtMs = null;
            _figures.AddPause(Math.Max(0, data.TimeStampRelativeMSec - start));
        }
    }
}
