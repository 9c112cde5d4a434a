using System.Globalization;

namespace Redline.Monitoring.Tests;

public sealed class RuntimeProcessTests : IDisposable
{
    private readonly string _proc = Directory.CreateTempSubdirectory("redline-proc-").FullName;
    private readonly string _temp = Directory.CreateTempSubdirectory("redline-tmp-").FullName;

    public RuntimeProcessTests()
    {
        // dotnet run (10) starts a shell (11), which starts the service (12); 13 is unrelated.
        AddProcess(10, "dotnet", parent: 1, port: true);
        AddProcess(11, "bash", parent: 10, port: false);
        AddProcess(12, "Shop.Api", parent: 11, port: true);
        AddProcess(13, "dotnet", parent: 1, port: true);
    }

    public void Dispose()
    {
        Directory.Delete(_proc, recursive: true);
        Directory.Delete(_temp, recursive: true);
    }

    [Fact]
    public void Of_WrapperWithChildrenIncluded_IsTheDeepestDotnetProcess() =>
        Assert.Equal(12, RuntimeProcess.Of(10, includeChildren: true, _proc, _temp));

    [Fact]
    public void Of_ChildrenNotIncluded_IsTheTargetItself() =>
        Assert.Equal(10, RuntimeProcess.Of(10, includeChildren: false, _proc, _temp));

    [Fact]
    public void Of_NoProcessOfTheTreeHasAPort_IsTheTargetItself()
    {
        foreach (var socket in Directory.EnumerateFiles(_temp))
        {
            File.Delete(socket);
        }

        Assert.Equal(10, RuntimeProcess.Of(10, includeChildren: true, _proc, _temp));
    }

    private void AddProcess(int pid, string name, int parent, bool port)
    {
        var id = pid.ToString(CultureInfo.InvariantCulture);
        var dir = Directory.CreateDirectory(Path.Combine(_proc, id)).FullName;
        File.WriteAllText(Path.Combine(dir, "stat"), $"{id} ({name}) S {parent.ToString(CultureInfo.InvariantCulture)} {id} {id} 0 -1 4194304 0 0 0 0 5 3 0 0 20 0 1 0 100 1000000 200 0\n");
        if (port)
        {
            File.WriteAllText(Path.Combine(_temp, $"dotnet-diagnostic-{id}-123456-socket"), "");
        }
    }
}
