using System.Globalization;
using System.Net.Sockets;
using Redline.Cli.Suites;

namespace Redline.Cli.Commands.Ci;

/// <summary>How one preflight check came out; <see cref="Unobservable"/> is what the machine cannot show, never a pass.</summary>
internal enum CheckOutcome
{
    Pass,
    Warn,
    Fail,
    Unobservable,
}

/// <summary>One check: its name (the seed's), outcome, and what was seen against what was asked.</summary>
internal sealed record CheckResult(string Name, CheckOutcome Outcome, string Detail);

/// <summary>
/// The seed's preflight checks (cpu idle, memory available, disk space, services running, database connection, network
/// connectivity) and the CPU frequency governor, each against its threshold.
/// </summary>
internal static class Preflight
{
    /// <summary>Runs every check; <paramref name="openStore"/> opens the history store and says where it is.</summary>
    public static async Task<IReadOnlyList<CheckResult>> RunAsync(
        Suite suite,
        PreflightLimits limits,
        string outDir,
        Func<CancellationToken, Task<string>> openStore,
        Uri? apiToReach,
        CancellationToken cancellationToken)
    {
        var results = new List<CheckResult>
        {
            await CpuIdleAsync(limits.CpuIdlePercent, cancellationToken).ConfigureAwait(false),
            MemoryAvailable(limits.MemoryAvailableBytes),
            DiskSpace(limits.DiskFreeBytes, outDir),
            CpuGovernor(),
            await ServicesRunningAsync(suite, cancellationToken).ConfigureAwait(false),
            await DatabaseAsync(openStore, cancellationToken).ConfigureAwait(false),
            await NetworkAsync(apiToReach, cancellationToken).ConfigureAwait(false),
        };
        return results;
    }

    private static async Task<CheckResult> CpuIdleAsync(double least, CancellationToken cancellationToken)
    {
        const string Name = "cpu_idle";
        if (CpuTimes() is not { } before)
        {
            return new(Name, CheckOutcome.Unobservable, "/proc/stat cannot be read on this system");
        }

        await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken).ConfigureAwait(false);
        var after = CpuTimes()!.Value;
        var total = after.Total - before.Total;
        var idle = total <= 0 ? 100 : 100.0 * (after.Idle - before.Idle) / total;
        return new(Name, idle >= least ? CheckOutcome.Pass : CheckOutcome.Fail, Invariant($"{idle:0.0}% idle over 1 s (at least {least:0.#}%)"));
    }

    /// <summary>The summed jiffies of all CPUs, and those idle or waiting for I/O, from /proc/stat.</summary>
    private static (long Total, long Idle)? CpuTimes()
    {
        try
        {
            var line = File.ReadLines("/proc/stat").First();
            var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Take(8).Select(f => long.Parse(f, CultureInfo.InvariantCulture)).ToArray();
            return (fields.Sum(), fields[3] + fields[4]);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or FormatException or InvalidOperationException or IndexOutOfRangeException)
        {
            return null;
        }
    }

    private static CheckResult MemoryAvailable(long least)
    {
        const string Name = "memory_available";
        try
        {
            var line = File.ReadLines("/proc/meminfo").FirstOrDefault(l => l.StartsWith("MemAvailable:", StringComparison.Ordinal));
            if (line is null)
            {
                return new(Name, CheckOutcome.Unobservable, "/proc/meminfo has no MemAvailable");
            }

            var available = long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
            return new(Name, available >= least ? CheckOutcome.Pass : CheckOutcome.Fail, $"{Bytes(available)} available (at least {Bytes(least)})");
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or FormatException)
        {
            return new(Name, CheckOutcome.Unobservable, $"/proc/meminfo cannot be read: {exception.Message}");
        }
    }

    private static CheckResult DiskSpace(long least, string outDir)
    {
        const string Name = "disk_space";
        try
        {
            var existing = outDir;
            while (!Directory.Exists(existing) && Path.GetDirectoryName(existing) is { } parent)
            {
                existing = parent;
            }

            var free = new DriveInfo(existing).AvailableFreeSpace;
            return new(Name, free >= least ? CheckOutcome.Pass : CheckOutcome.Fail, $"{Bytes(free)} free under {existing} (at least {Bytes(least)})");
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or ArgumentException)
        {
            return new(Name, CheckOutcome.Unobservable, $"the free space of {outDir} cannot be read: {exception.Message}");
        }
    }

    private static CheckResult CpuGovernor()
    {
        const string Name = "cpu_governor";
        const string Path = "/sys/devices/system/cpu/cpu0/cpufreq/scaling_governor";
        if (!File.Exists(Path))
        {
            return new(Name, CheckOutcome.Unobservable, "no cpufreq governor is exposed (a virtual machine or container); frequency scaling cannot be ruled out, the stability probe below measures its effect");
        }

        var governor = File.ReadAllText(Path).Trim();
        return governor == "performance"
            ? new(Name, CheckOutcome.Pass, "performance")
            : new(Name, CheckOutcome.Warn, $"{governor}: the CPU's frequency follows its load, which adds noise (performance holds it)");
    }

    private static async Task<CheckResult> ServicesRunningAsync(Suite suite, CancellationToken cancellationToken)
    {
        const string Name = "services_running";
        if (suite.Target.Start is not null)
        {
            return new(Name, CheckOutcome.Pass, $"the run starts the target itself ({suite.Target.Start.Command}) and waits for {suite.Target.Start.Ready}");
        }

        if (suite.Target.BaseUrl is not { } url)
        {
            return new(Name, CheckOutcome.Unobservable, "the suite names no target address to check");
        }

        return await ConnectAsync(Name, url, cancellationToken).ConfigureAwait(false) is { } failure
            ? new(Name, CheckOutcome.Fail, $"{url} does not answer: {failure}")
            : new(Name, CheckOutcome.Pass, $"{url.Host}:{url.Port} accepts connections");
    }

    private static async Task<CheckResult> DatabaseAsync(Func<CancellationToken, Task<string>> openStore, CancellationToken cancellationToken)
    {
        const string Name = "database_connection";
        try
        {
            return new(Name, CheckOutcome.Pass, $"the history store {await openStore(cancellationToken).ConfigureAwait(false)} opens");
        }
        catch (UserFacingException exception)
        {
            return new(Name, CheckOutcome.Fail, exception.Message);
        }
    }

    private static async Task<CheckResult> NetworkAsync(Uri? api, CancellationToken cancellationToken)
    {
        const string Name = "network_connectivity";
        if (api is null)
        {
            using var listener = new TcpListener(System.Net.IPAddress.Loopback, 0);
            listener.Start();
            var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
            return await ConnectAsync(Name, new Uri($"http://127.0.0.1:{port}"), cancellationToken).ConfigureAwait(false) is { } failure
                ? new(Name, CheckOutcome.Fail, $"loopback refused a connection: {failure}")
                : new(Name, CheckOutcome.Pass, "loopback accepts connections");
        }

        return await ConnectAsync(Name, api, cancellationToken).ConfigureAwait(false) is { } apiFailure
            ? new(Name, CheckOutcome.Warn, $"{api.Host}:{api.Port} (where the pull request comment goes) cannot be reached: {apiFailure}; the results stay in the job summary")
            : new(Name, CheckOutcome.Pass, $"{api.Host}:{api.Port} (where the pull request comment goes) accepts connections");
    }

    /// <summary>Null when a TCP connection to <paramref name="url"/>'s host and port opens within 5 s; else why not.</summary>
    private static async Task<string?> ConnectAsync(string check, Uri url, CancellationToken cancellationToken)
    {
        using var client = new TcpClient();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(5));
        try
        {
            await client.ConnectAsync(url.Host, url.Port, timeout.Token).ConfigureAwait(false);
            return null;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return $"no connection within 5 s ({check})";
        }
        catch (SocketException exception)
        {
            return exception.Message;
        }
    }

    /// <summary>Bytes in GiB or MiB.</summary>
    public static string Bytes(long bytes) => bytes >= 1L << 30
        ? Invariant($"{bytes / (double)(1L << 30):0.0} GiB")
        : Invariant($"{bytes / (double)(1L << 20):0} MiB");

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
