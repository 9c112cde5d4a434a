using System.Threading.Channels;

namespace Redline.Engine;

/// <summary>
/// Feeds one sink from a queue on a task of its own and contains its failures: the first
/// exception, or a backlog past <see cref="SinkLimits.MaxBacklog"/>, switches the sink off with a
/// reason kept for the scenario's notes. A broken live view or a full disk must not stop a measurement.
/// </summary>
internal sealed class SinkPump : IDisposable
{
    private readonly IIntervalSink _sink;
    private readonly Channel<object> _queue = Channel.CreateUnbounded<object>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _pump;
    private int _backlog;
    private volatile string? _failure;

    public SinkPump(IIntervalSink sink)
    {
        _sink = sink;
        _pump = Task.Run(PumpAsync);
    }

    public string Name => _sink.GetType().Name;

    /// <summary>Why the sink was switched off, or null while it works.</summary>
    public string? Failure => _failure;

    /// <summary>Queues a <see cref="ScenarioStart"/>, <see cref="IntervalReport"/> or <see cref="RunEvent"/>; never waits.</summary>
    public void Post(object item)
    {
        if (_failure is not null)
        {
            return;
        }

        if (Interlocked.Increment(ref _backlog) > SinkLimits.MaxBacklog)
        {
            Fail($"it fell more than {SinkLimits.MaxBacklog} items behind");
            return;
        }

        _queue.Writer.TryWrite(item);
    }

    /// <summary>Hands the sink the result after everything queued before it, and waits a bounded time for it to take them.</summary>
    public async Task CompleteAsync(ScenarioEnd end, ScenarioResult result)
    {
        _queue.Writer.TryWrite((end, result));
        _queue.Writer.TryComplete();
        var timeout = Task.Delay(SinkLimits.CompleteTimeout, TimeProvider.System);
        if (await Task.WhenAny(_pump, timeout).ConfigureAwait(false) != _pump)
        {
            Fail($"it did not finish within {SinkLimits.CompleteTimeout.TotalSeconds:0} s of the scenario's end");

            // Its call was cancelled: a sink that honours the token is out of it within moments.
            await Task.WhenAny(_pump, Task.Delay(TimeSpan.FromSeconds(1), TimeProvider.System)).ConfigureAwait(false);
        }
    }

    private async Task PumpAsync()
    {
        await foreach (var item in _queue.Reader.ReadAllAsync().ConfigureAwait(false))
        {
            Interlocked.Decrement(ref _backlog);
            if (_failure is not null)
            {
                continue;
            }

            try
            {
                await (item switch
                {
                    IntervalReport report => _sink.OnIntervalAsync(report, _stop.Token),
                    RunEvent runEvent => _sink.OnEventAsync(runEvent, _stop.Token),
                    ScenarioStart start => _sink.OnScenarioStartAsync(start, _stop.Token),
                    ValueTuple<ScenarioEnd, ScenarioResult> completion => _sink.OnScenarioCompleteAsync(completion.Item1, completion.Item2, _stop.Token),
                    _ => ValueTask.CompletedTask,
                }).ConfigureAwait(false);
            }
#pragma warning disable CA1031 // A sink's failure of any kind is contained by design.
            catch (Exception exception)
#pragma warning restore CA1031
            {
                Fail(exception.Message);
            }
        }
    }

    private void Fail(string reason)
    {
        if (Interlocked.CompareExchange(ref _failure, reason, null) is null)
        {
            // Whatever the sink is awaiting is no longer wanted.
            _stop.Cancel();
        }
    }

    /// <summary>Stops the pump's token source once the pump is done with it.</summary>
    public void Dispose()
    {
        if (_pump.IsCompleted)
        {
            _stop.Dispose();
        }
    }
}
