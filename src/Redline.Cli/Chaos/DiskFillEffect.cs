using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;
using Redline.Cli.Suites;

namespace Redline.Cli.Chaos;

/// <summary>
/// Fills the disk under a folder the suite names with one ballast file, reserved with fallocate (so nothing is
/// written): at once, or progressively over the fault's length, down to the free space the suite leaves and never
/// past what is free. The ballast is in the lease before it exists, and is deleted at the fault's end.
/// </summary>
internal sealed class DiskFillEffect(FaultSpec fault, int id, FaultContext context) : FaultEffect
{
    private static readonly TimeSpan Step = TimeSpan.FromMilliseconds(250);

    private readonly string _ballast = Path.Combine(fault.Path!, $".redline-ballast-{context.Run}-{id}");
    private readonly CancellationTokenSource _stop = new();
    private FaultLease? _lease;
    private Task _loop = Task.CompletedTask;
    private long _freeBefore;
    private long _lowest = long.MaxValue;
    private long _size;
    private string? _failure;

    /// <summary>The bytes free to an unprivileged writer on the disk holding <paramref name="path"/>.</summary>
    public static long FreeBytes(string path) => new DriveInfo(path).AvailableFreeSpace;

    public override Task<string?> StartAsync(TimeSpan length, CancellationToken cancellationToken)
    {
        if (!OperatingSystem.IsLinux())
        {
            return Task.FromResult<string?>("the disk fill reserves space with fallocate, which is Linux's");
        }

        _lease = FaultLeases.New(context.Run, id, $"{fault.Name} {fault.Asked} on {fault.Path}", length) with { Files = [_ballast] };
        context.Leases.Write(_lease);
        _freeBefore = FreeBytes(fault.Path!);
        if (_freeBefore <= fault.Leave)
        {
            context.Leases.Release(_lease);
            return Task.FromResult<string?>($"only {Mib(_freeBefore)} is free on {fault.Path}, no more than the {Mib(fault.Leave)} to leave");
        }

        if (!fault.Progressive)
        {
            Grow(fault.Leave);
            return Task.FromResult(_failure);
        }

        var started = TimeProvider.System.GetTimestamp();
        _loop = Task.Run(() => FillAsync(started, length, _stop.Token), CancellationToken.None);
        return Task.FromResult<string?>(null);
    }

    public override async Task<FaultOutcome> StopAsync(TimeSpan length)
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await _loop.ConfigureAwait(false);
        _stop.Dispose();
        if (_lease is null)
        {
            return new FaultOutcome(null, null);
        }

        var atEnd = FreeBytes(fault.Path!);
        _lowest = Math.Min(_lowest, atEnd);
        var done = context.Leases.Revert(_lease);
        var after = FreeBytes(fault.Path!);
        var achieved = Figure($"free space {Mib(_freeBefore)} -> {Mib(_lowest)} with {Mib(_size)} of ballast (leave {Mib(fault.Leave)}); {Mib(after)} free after");
        var shortBy = _lowest - fault.Leave;
        var note = _failure
            ?? (done.FirstOrDefault(d => d.StartsWith("could not", StringComparison.Ordinal)) is { } undone ? undone
            : shortBy > Math.Max(1024 * 1024, _freeBefore / 100) ? $"the fill stopped {Mib(shortBy)} short of what was asked"
            : null);
        return new FaultOutcome(achieved, note);
    }

    private async Task FillAsync(long started, TimeSpan length, CancellationToken stop)
    {
        try
        {
            while (!stop.IsCancellationRequested)
            {
                // Full two steps before the end, so the last step is not lost to the fault's own end.
                var progress = Math.Min(1, TimeProvider.System.GetElapsedTime(started).TotalSeconds / Math.Max(length.TotalSeconds - (2 * Step.TotalSeconds), Step.TotalSeconds));
                if (!Grow(_freeBefore - (long)((_freeBefore - fault.Leave) * progress)) || progress >= 1)
                {
                    return;
                }

                await Task.Delay(Step, stop).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
            // The fault ended: the ballast goes.
        }
    }

    /// <summary>Grows the ballast until <paramref name="goal"/> bytes are free (never below what the suite leaves); false when it cannot grow.</summary>
    private bool Grow(long goal)
    {
        var free = FreeBytes(fault.Path!);
        _lowest = Math.Min(_lowest, free);
        var more = Math.Min(free - goal, free - fault.Leave);
        if (more <= 0)
        {
            return true;
        }

        using var handle = File.OpenHandle(_ballast, FileMode.OpenOrCreate, FileAccess.Write);
        if (Allocate(handle, 0, _size + more) is var error and not 0)
        {
            _failure = $"fallocate on {fault.Path} failed (errno {error}): the disk may not support reserving space";
            return false;
        }

        _size += more;
        _lowest = Math.Min(_lowest, FreeBytes(fault.Path!));
        return true;
    }

    private static string Mib(long bytes) => Figure($"{bytes / 1048576.0:0.0} MiB");

    // posix_fallocate returns the error number rather than setting errno.
    [DllImport("libc", EntryPoint = "posix_fallocate64")]
    private static extern int Allocate(SafeFileHandle handle, long offset, long length);
}
