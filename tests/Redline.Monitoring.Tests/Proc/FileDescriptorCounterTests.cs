using Redline.Monitoring.Proc;

namespace Redline.Monitoring.Tests.Proc;

public sealed class FileDescriptorCounterTests
{
    [Fact]
    public void Count_RealProcess_AgreesWithListingTheDirectory()
    {
        using var child = ChildProcess.Start("sleep", "30");
        var path = $"/proc/{child.Pid}/fd";

        // Until the child has exec'd, it still holds the pipe its parent watches the exec through (closed on exec),
        // so its descriptors change between the two readings; after, they stay put.
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (ReadComm(child.Pid) != "sleep" && waited.Elapsed < TimeSpan.FromSeconds(5))
        {
            Thread.Sleep(10);
        }

        // The new name shows a moment before exec has closed the pipe: read again while the two disagree (bounded).
        long counted, listed;
        do
        {
            Assert.Equal(ProcReadStatus.Ok, FileDescriptorCounter.Count(path, onProcFs: true, out counted));
            Assert.Equal(ProcReadStatus.Ok, FileDescriptorCounter.CountEntries(path, out listed));
        }
        while (counted != listed && waited.Elapsed < TimeSpan.FromSeconds(5) && Pause());

        Assert.Equal(listed, counted);
        Assert.True(counted >= 3);
    }

    [Fact]
    public void Count_OrdinaryDirectory_ListsItInsteadOfTrustingItsSize()
    {
        using var root = FakeProc.Create(4242, withIo: true);

        Assert.Equal(ProcReadStatus.Ok, FileDescriptorCounter.Count(Path.Combine(root.Root, "4242", "fd"), onProcFs: false, out var count));

        Assert.Equal(3, count);
    }

    [Fact]
    public void Count_ProcessThatIsGone_ReportsMissing()
    {
        Assert.Equal(ProcReadStatus.Missing, FileDescriptorCounter.Count("/proc/0/fd", onProcFs: true, out _));
    }

    private static string ReadComm(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/comm").Trim();
        }
        catch (IOException)
        {
            return "";
        }
    }

    private static bool Pause()
    {
        Thread.Sleep(10);
        return true;
    }
}
