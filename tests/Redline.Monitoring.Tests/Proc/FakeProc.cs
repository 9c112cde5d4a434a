namespace Redline.Monitoring.Tests.Proc;

/// <summary>A /proc tree in a temporary directory, for the cases a real machine cannot be made to show; deleted on dispose.</summary>
internal sealed class FakeProc : IDisposable
{
    private FakeProc(string root) => Root = root;

    public string Root { get; }

    /// <summary>An empty tree, for files a test writes itself.</summary>
    public static FakeProc Empty() => new(Directory.CreateTempSubdirectory("redline-proc-").FullName);

    public static FakeProc Create(int pid, bool withIo)
    {
        var fake = Empty();
        var root = fake.Root;
        var dir = Directory.CreateDirectory(Path.Combine(root, pid.ToString(System.Globalization.CultureInfo.InvariantCulture))).FullName;
        File.WriteAllText(Path.Combine(dir, "stat"), $"{pid} (fake (proc)) S 0 1 1 0 -1 4194560 100 0 0 0 50 20 0 0 20 0 1 0 777 1000 10 1\n");
        File.WriteAllText(Path.Combine(dir, "status"), "Name:\tfake\nVmSize:\t 1000 kB\nVmRSS:\t 500 kB\nThreads:\t2\nvoluntary_ctxt_switches:\t3\nnonvoluntary_ctxt_switches:\t4\n");
        var fd = Directory.CreateDirectory(Path.Combine(dir, "fd")).FullName;
        for (var i = 0; i < 3; i++)
        {
            File.WriteAllText(Path.Combine(fd, i.ToString(System.Globalization.CultureInfo.InvariantCulture)), "");
        }

        if (withIo)
        {
            File.WriteAllText(Path.Combine(dir, "io"), "rchar: 1\nwchar: 2\nsyscr: 3\nsyscw: 4\nread_bytes: 5\nwrite_bytes: 6\n");
        }

        return fake;
    }

    public void Dispose() => Directory.Delete(Root, recursive: true);
}
