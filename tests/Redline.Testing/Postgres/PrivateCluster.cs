using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Redline.Testing.Postgres;

/// <summary>
/// A throwaway PostgreSQL cluster in a temporary directory, listening on 127.0.0.1 only, with trust
/// authentication. PostgreSQL refuses to run as root, so as root the cluster belongs to the
/// <c>postgres</c> system user and its commands run through <c>runuser</c>. Installs Debian's
/// <c>postgresql</c> package first when the binaries are missing and that is possible.
/// </summary>
public sealed class PrivateCluster : IAsyncDisposable
{
    private const string InstallLock = "/tmp/redline-postgres-install.lock";

    private readonly string _binaries;
    private readonly string _directory;
    private readonly bool _asPostgres;
    private int _stopped;

    private PrivateCluster(string binaries, string directory, bool asPostgres, int port)
    {
        _binaries = binaries;
        _directory = directory;
        _asPostgres = asPostgres;
        ConnectionString = $"Host=127.0.0.1;Port={port};Username=postgres;Database=postgres;Timeout=15;Command Timeout=60";
    }

    public string ConnectionString { get; }

    public static async Task<PrivateCluster> StartAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        var binaries = FindBinaries() ?? await InstallAsync(cancel.Token);
        var asPostgres = Environment.UserName == "root";
        var directory = Path.Combine(Path.GetTempPath(), "redline-pg-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(directory);
        try
        {
            if (asPostgres)
            {
                await Tool.RunAsync("chown", ["postgres:postgres", directory], cancel.Token);
            }

            var cluster = new PrivateCluster(binaries, directory, asPostgres, 0);
            await cluster.PostgresAsync("initdb", ["-D", directory, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--no-sync"], cancel.Token);
            for (var attempt = 1; ; attempt++)
            {
                // The port is free when asked; another process may take it before the server binds, so retry.
                var port = FreePort();
                var options = $"-c listen_addresses=127.0.0.1 -p {port} -c unix_socket_directories={directory} -c fsync=off -c synchronous_commit=off -c full_page_writes=off";
                try
                {
                    await cluster.PostgresAsync("pg_ctl", ["-D", directory, "-l", Path.Combine(directory, "server.log"), "-o", options, "-w", "-t", "60", "start"], cancel.Token);
                    var started = new PrivateCluster(binaries, directory, asPostgres, port);
                    started.WatchForParentExit();
                    AppDomain.CurrentDomain.ProcessExit += (_, _) => started.Stop();
                    return started;
                }
                catch (InvalidOperationException) when (attempt < 3)
                {
                }
            }
        }
        catch
        {
            Directory.Delete(directory, recursive: true);
            throw;
        }
    }

    public ValueTask DisposeAsync()
    {
        Stop();
        return ValueTask.CompletedTask;
    }

    private static string? FindBinaries()
    {
        const string Root = "/usr/lib/postgresql";
        if (!Directory.Exists(Root))
        {
            return null;
        }

        return Directory.GetDirectories(Root)
            .Select(d => (Directory: Path.Combine(d, "bin"), Version: int.TryParse(Path.GetFileName(d), out var v) ? v : 0))
            .Where(b => File.Exists(Path.Combine(b.Directory, "initdb")) && File.Exists(Path.Combine(b.Directory, "pg_ctl")))
            .OrderByDescending(b => b.Version)
            .Select(b => b.Directory)
            .FirstOrDefault();
    }

    private static async Task<string> InstallAsync(CancellationToken cancellationToken)
    {
        if (Environment.UserName != "root" || !File.Exists("/usr/bin/apt-get"))
        {
            throw new InvalidOperationException("PostgreSQL's server binaries (initdb, pg_ctl under /usr/lib/postgresql/*/bin) are not installed, and this process cannot install them (it needs root and apt-get).");
        }

        // Test processes started side by side must not run apt-get at once: one installs, the others wait.
        await using var lockFile = await LockAsync(cancellationToken);
        if (FindBinaries() is { } installed)
        {
            return installed;
        }

        string[] install = ["-o", "DPkg::Lock::Timeout=300", "install", "-y", "-q", "postgresql"];
        try
        {
            await Tool.RunAsync("apt-get", install, cancellationToken);
        }
        catch (InvalidOperationException)
        {
            // A fresh machine has no package lists yet.
            await Tool.RunAsync("apt-get", ["-o", "DPkg::Lock::Timeout=300", "update", "-q"], cancellationToken);
            await Tool.RunAsync("apt-get", install, cancellationToken);
        }

        return FindBinaries() ?? throw new InvalidOperationException("apt-get installed postgresql but no initdb was found under /usr/lib/postgresql/*/bin.");
    }

    private static async Task<FileStream> LockAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            try
            {
                return new FileStream(InstallLock, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException)
            {
                await Task.Delay(500, cancellationToken);
            }
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private Task PostgresAsync(string tool, IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        var path = Path.Combine(_binaries, tool);
        return _asPostgres
            ? Tool.RunAsync("runuser", ["-u", "postgres", "--", path, .. arguments], cancellationToken)
            : Tool.RunAsync(path, arguments, cancellationToken);
    }

    /// <summary>A detached shell that stops and deletes the cluster if this process dies without disposing it.</summary>
    private void WatchForParentExit()
    {
        const string Script = """
            exec </dev/null >/dev/null 2>&1
            while kill -0 "$1" 2>/dev/null && [ -d "$2" ]; do sleep 1; done
            if [ -d "$2" ]; then
              if [ "$4" = yes ]; then runuser -u postgres -- "$3/pg_ctl" -D "$2" -m immediate stop; else "$3/pg_ctl" -D "$2" -m immediate stop; fi
              rm -rf "$2"
            fi
            """;
        var info = new ProcessStartInfo("bash", ["-c", Script, "watchdog", Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture), _directory, _binaries, _asPostgres ? "yes" : "no"])
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var watchdog = Process.Start(info);
    }

    private void Stop()
    {
        if (Interlocked.Exchange(ref _stopped, 1) == 1)
        {
            return;
        }

        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            PostgresAsync("pg_ctl", ["-D", _directory, "-m", "immediate", "-w", "stop"], timeout.Token).GetAwaiter().GetResult();
        }
        catch (Exception e) when (e is InvalidOperationException or OperationCanceledException)
        {
            // Already stopped, or stuck: the directory goes anyway and the watchdog gives up with it.
        }

        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
