using System.Diagnostics;

namespace Redline.Cli.Tests.Targets;

/// <summary>Services for TargetProcess tests, built from what every Debian system has: bash and perl-base.</summary>
internal static class TestServices
{
    /// <summary>
    /// A tiny HTTP server: perl -e Server PORT FAIL_FIRST ON_TERM. It answers 503 to the first
    /// FAIL_FIRST requests and 200 after; ON_TERM "ignore" makes it ignore SIGTERM, otherwise it
    /// logs "got TERM" and exits. It logs each request to stdout.
    /// </summary>
    public const string Server = """
        use strict; use IO::Socket::INET;
        $| = 1;
        my ($port, $fail_first, $on_term) = @ARGV;
        $SIG{PIPE} = 'IGNORE';
        $SIG{TERM} = $on_term eq 'ignore' ? 'IGNORE' : sub { print "got TERM\n"; exit 0 };
        my $server = IO::Socket::INET->new(LocalAddr => '127.0.0.1', LocalPort => $port, Listen => 16, ReuseAddr => 1)
            or die "cannot listen on $port: $!\n";
        print "listening on $port\n";
        my $n = 0;
        while (1) {
            my $c = $server->accept or next;
            my $request = <$c>;
            if (!defined $request) { close $c; next; }
            while (my $line = <$c>) { last if $line =~ /^\r?\n$/ }
            $n++;
            my $status = $n > $fail_first ? '200 OK' : '503 Service Unavailable';
            print $c "HTTP/1.1 $status\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
            close $c;
            print "request $n: $status\n";
        }
        """;

    /// <summary>Whether <paramref name="pid"/> is a running process; one that exited and waits to be reaped is not.</summary>
    public static bool IsRunning(int pid)
    {
        if (OperatingSystem.IsLinux())
        {
            return Stat(pid) is { } fields && fields[0] is not ("Z" or "X");
        }

        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    /// <summary>The session <paramref name="pid"/> belongs to (Linux), or 0 when it is gone.</summary>
    public static int SessionOf(int pid) =>
        Stat(pid) is { } fields ? int.Parse(fields[3], System.Globalization.CultureInfo.InvariantCulture) : 0;

    /// <summary>The fields of /proc/PID/stat after the process name, from the state on; null when it is gone.</summary>
    private static string[]? Stat(int pid)
    {
        try
        {
            var text = File.ReadAllText($"/proc/{pid}/stat");
            return text[(text.LastIndexOf(')') + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        }
        catch (IOException)
        {
            return null;
        }
    }

    /// <summary>A log file's text, read while the writer may still hold it open.</summary>
    public static string ReadLog(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
