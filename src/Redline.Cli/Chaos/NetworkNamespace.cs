using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using Redline.Cli.Suites;

namespace Redline.Cli.Chaos;

/// <summary>
/// A network namespace Redline makes for the target, for real packet loss: <c>redline-RUN</c>, pinned under
/// /run/netns by <c>ip netns add</c> (with a lease written first) so that it exists before the target starts in it
/// (through nsenter). Redline reaches the target through a proxy on base_url whose upstream sockets are made inside
/// the namespace, and a loss is an nftables table in it, so nothing else on the machine loses a packet.
/// </summary>
internal sealed class NetworkNamespace : IDisposable
{
    private const int CloneNewNet = 0x40000000;

    private readonly FaultLeases _leases;
    private readonly FaultLease _lease;
    private readonly BlockingCollection<(AddressFamily Family, TaskCompletionSource<Socket> Made)> _requests = [];
    private readonly TaskCompletionSource _entered = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private NetworkNamespace(FaultLeases leases, FaultLease lease, string name)
    {
        _leases = leases;
        _lease = lease;
        Name = name;
        var thread = new Thread(Serve) { IsBackground = true, Name = "redline-netns" };
        thread.Start();
    }

    /// <summary>The namespace's name.</summary>
    public string Name { get; }

    /// <summary>Where it is pinned.</summary>
    public string Pin => $"/run/netns/{Name}";

    /// <summary>Why the machine cannot give real packet loss, or null when it can.</summary>
    public static string? Unavailable()
    {
        if (!OperatingSystem.IsLinux())
        {
            return "network namespaces are a Linux feature";
        }

        if (Environment.UserName != "root")
        {
            return "making a network namespace needs root";
        }

        var missing = new[] { "ip", "nsenter", "nft" }.Where(p => Which(p) is null).ToList();
        return missing.Count == 0 ? null : $"{string.Join(" and ", missing)} {(missing.Count == 1 ? "is" : "are")} not installed (Debian: apt-get install iproute2 util-linux nftables)";
    }

    /// <summary>Makes <c>redline-RUN</c> with its loopback up; throws <see cref="UserFacingException"/> when it cannot.</summary>
    public static NetworkNamespace Create(FaultLeases leases, string run)
    {
        if (Unavailable() is { } why)
        {
            throw new UserFacingException(ExitCodes.BadInput, $"packet_loss drops real packets in a network namespace Redline makes for the target, and {why}");
        }

        var name = $"redline-{run}";
        var lease = FaultLeases.New(run, 0, $"the target's network namespace {name}", TimeSpan.FromDays(1)) with { Id = $"redline-{run}-netns", Netns = [name] };
        leases.Write(lease);
        var added = Exec("ip", null, "netns", "add", name);
        if (added.Code != 0)
        {
            leases.Release(lease);
            throw new UserFacingException(ExitCodes.BadInput, $"could not make the network namespace {name}: {added.Output}");
        }

        var up = Exec("ip", null, "-n", name, "link", "set", "lo", "up");
        if (up.Code != 0)
        {
            Revert(name);
            leases.Release(lease);
            throw new UserFacingException(ExitCodes.BadInput, $"could not bring up loopback in the network namespace {name}: {up.Output}");
        }

        var made = new NetworkNamespace(leases, lease, name);
        try
        {
            made._entered.Task.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException exception)
        {
            made.Dispose();
            throw new UserFacingException(ExitCodes.BadInput, $"could not enter the network namespace {name}: {exception.InnerException?.Message}");
        }

        return made;
    }

    /// <summary>Deletes the pinned namespace <paramref name="name"/>; what was done.</summary>
    public static string Revert(string name) => Exec("ip", null, "netns", "delete", name) is { Code: 0 }
        ? $"deleted the network namespace {name}"
        : File.Exists($"/run/netns/{name}") ? $"could not delete the network namespace {name}" : $"the network namespace {name} was already gone";

    /// <summary>A socket made inside the namespace, to connect to the target with.</summary>
    public Socket CreateSocket(AddressFamily family)
    {
        var made = new TaskCompletionSource<Socket>(TaskCreationOptions.RunContinuationsAsynchronously);
        _requests.Add((family, made));
        return made.Task.GetAwaiter().GetResult();
    }

    /// <summary>The target's start, run inside the namespace.</summary>
    public TargetStartSpec Wrap(TargetStartSpec start) => start with
    {
        Command = Which("nsenter")!,
        Args = [$"--net={Pin}", "--", start.Command, .. start.Args],
    };

    /// <summary>Runs <paramref name="program"/> inside the namespace, with <paramref name="input"/> on its standard input.</summary>
    public (int Code, string Output) Run(string program, string? input, params string[] args) =>
        Exec("nsenter", input, [$"--net={Pin}", "--", program, .. args]);

    /// <summary>Stops making sockets, deletes the namespace and forgets its lease.</summary>
    public void Dispose()
    {
        _requests.CompleteAdding();
        Revert(Name);
        _leases.Release(_lease);
    }

    private static string? Which(string program) =>
        new[] { "/usr/sbin", "/usr/bin", "/sbin", "/bin" }.Select(d => Path.Combine(d, program)).FirstOrDefault(File.Exists);

    private static (int Code, string Output) Exec(string program, string? input, params string[] args)
    {
        var start = new ProcessStartInfo(Which(program) ?? program, args)
        {
            UseShellExecute = false,
            RedirectStandardInput = input is not null,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        try
        {
            using var process = Process.Start(start)!;
            if (input is not null)
            {
                process.StandardInput.Write(input);
                process.StandardInput.Close();
            }

            var error = process.StandardError.ReadToEndAsync();
            var output = process.StandardOutput.ReadToEnd();
            if (!process.WaitForExit(10_000))
            {
                process.Kill();
                return (-1, $"{program} did not finish within 10 s");
            }

            return (process.ExitCode, process.ExitCode == 0 ? output : error.Result.Trim());
        }
        catch (System.ComponentModel.Win32Exception exception)
        {
            return (-1, exception.Message);
        }
    }

    /// <summary>The thread that entered the namespace: every socket it makes belongs there, wherever it is used.</summary>
    private void Serve()
    {
        try
        {
            using var handle = File.OpenHandle(Pin);
            if (SetNamespace(handle.DangerousGetHandle().ToInt32(), CloneNewNet) != 0)
            {
                _entered.SetException(new IOException($"setns failed (errno {Marshal.GetLastPInvokeError()})"));
                return;
            }
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            _entered.SetException(exception);
            return;
        }

        _entered.SetResult();
        foreach (var (family, made) in _requests.GetConsumingEnumerable())
        {
            try
            {
                made.SetResult(new Socket(family, SocketType.Stream, ProtocolType.Tcp));
            }
            catch (SocketException exception)
            {
                made.SetException(exception);
            }
        }
    }

    [DllImport("libc", EntryPoint = "setns", SetLastError = true)]
    private static extern int SetNamespace(int fd, int type);
}
