using Microsoft.Extensions.Hosting;

namespace Redline.ReferenceTarget.Faults;

/// <summary>
/// The known leak: retains real memory at <see cref="ReferenceOptions.LeakMbPerHour"/> (1 MB = 2^20
/// bytes), so that leak detectors have a truth to find. What is owed is computed from elapsed time,
/// so a loop that runs late catches up instead of drifting.
/// </summary>
internal sealed class LeakFault(ReferenceOptions options, TimeProvider time) : BackgroundService
{
    /// <summary>How often the leak grows.</summary>
    public static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(100);

    private const double BytesPerMb = 1024 * 1024;

    // Never less than a page per allocation: smaller arrays would be mostly object headers.
    private static readonly int MinChunk = Environment.SystemPageSize;

    private readonly List<byte[]> _retained = [];
    private long _retainedBytes;
    private long _started;

    /// <summary>The bytes retained so far.</summary>
    public long RetainedBytes => Interlocked.Read(ref _retainedBytes);

    /// <summary>The leak rate in bytes per second.</summary>
    public double BytesPerSecond => options.LeakMbPerHour * BytesPerMb / 3600;

    /// <summary>Retains whatever is owed <paramref name="elapsed"/> after the leak began.</summary>
    internal void Grow(TimeSpan elapsed)
    {
        var owed = (long)(BytesPerSecond * elapsed.TotalSeconds) - _retainedBytes;
        if (owed < MinChunk)
        {
            return;
        }

        // The pinned heap holds the arrays outside gen0's budget, so they are committed as they are
        // allocated; writing one byte per page makes the OS back every page, so it counts in RSS.
        var chunk = GC.AllocateUninitializedArray<byte>(checked((int)owed), pinned: true);
        for (var i = 0; i < chunk.Length; i += MinChunk)
        {
            chunk[i] = 1;
        }

        chunk[^1] = 1;
        _retained.Add(chunk);
        Interlocked.Add(ref _retainedBytes, owed);
    }

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        // Taken here, not in ExecuteAsync, which since .NET 10 starts later on a pool thread.
        _started = time.GetTimestamp();
        return base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (BytesPerSecond <= 0)
        {
            return;
        }

        using var timer = new PeriodicTimer(Tick, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                Grow(time.GetElapsedTime(_started));
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping: the retained memory goes with the process.
        }
    }
}
