namespace Redline.Engine.Tests.Execution;

/// <summary>Whose fault a late schedule was, from the seconds the monitor read.</summary>
public sealed class SaturationJudgeTests
{
    private static readonly GeneratorLimits Limits = new(TimeSpan.FromMilliseconds(10), 90);

    private static ResourceFrame Frame(double machineUser, double machineSystem, double steal = 0, double load = 0.5, double targetCpuOneCore = 0, double gcPauseMs = 0, long poolQueue = 0)
    {
        var at = TimeSpan.FromSeconds(1);
        var cores = Environment.ProcessorCount;
        var target = new ProcessMetrics(at, true, 1, targetCpuOneCore, 0, 1 << 20, 4 << 20, 10, 20, null, 1, 1);
        var generator = new RuntimeMetrics(at, true, 1 << 20, 1, 0, 0, 1, gcPauseMs > 0 ? [gcPauseMs] : [], 1e6, 8, poolQueue, 100, 0, 0, 1 << 20);
        var system = new SystemMetrics(at, new SystemCpuMetrics(machineUser, machineSystem, 0, steal, 100 - machineUser - machineSystem - steal), new LoadAverageMetrics(load * cores, load * cores, load * cores), null, null, null, null);
        return new ResourceFrame(at, target, null, system, generator);
    }

    private static GeneratorReport Judge(int seconds, double lagMs, double generatorCpu, ResourceFrame? frame)
    {
        var judge = new SaturationJudge(Limits);
        for (var i = 0; i < seconds; i++)
        {
            judge.Add(lagMs, generatorCpu, frame);
        }

        return judge.Judge(lagMs, lagMs * 3, generatorCpu, generatorCpu);
    }

    [Fact]
    public void Judge_LateSecondsOnAMachineBusyWithOtherWork_BlamesTheMachine()
    {
        // The case: Redline at 9% with lag p99 13.9 ms while other processes loaded the machine.
        var report = Judge(5, 13.9, 9, Frame(machineUser: 80, machineSystem: 15, targetCpuOneCore: 20));

        Assert.True(report.Saturated);
        Assert.Equal(SaturationCause.Machine, report.Cause);
        var reason = Assert.Single(report.Reasons);
        Assert.Contains("cause: a busy machine, not the generator", reason, StringComparison.Ordinal);
        Assert.Contains("other processes used", reason, StringComparison.Ordinal);
        Assert.Contains("Redline 9%", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Judge_GeneratorAtItsCpuLimit_BlamesTheGenerator()
    {
        var report = Judge(5, 25, 96, Frame(machineUser: 90, machineSystem: 8));

        Assert.Equal(SaturationCause.Generator, report.Cause);
        Assert.Contains(report.Reasons, r => r.Contains("cause: the generator itself (its CPU was at 96%)", StringComparison.Ordinal));
        Assert.Contains(report.Reasons, r => r.Contains("the generator used 96% of its CPU on average", StringComparison.Ordinal));
    }

    [Fact]
    public void Judge_GeneratorPausedByItsOwnGc_BlamesTheGenerator()
    {
        var report = Judge(3, 30, 20, Frame(machineUser: 20, machineSystem: 5, gcPauseMs: 42));

        Assert.Equal(SaturationCause.Generator, report.Cause);
        Assert.Contains(report.Reasons, r => r.Contains("its own GC paused it for up to 42 ms", StringComparison.Ordinal));
    }

    [Fact]
    public void Judge_StealAndARunQueueAndAThreadPoolBacklog_BlamesBoth()
    {
        var report = Judge(3, 30, 20, Frame(machineUser: 20, machineSystem: 5, steal: 12, load: 2, poolQueue: 50));

        Assert.Equal(SaturationCause.Both, report.Cause);
        var reason = Assert.Single(report.Reasons);
        Assert.Contains("steal", reason, StringComparison.Ordinal);
        Assert.Contains("2 tasks per core waited to run", reason, StringComparison.Ordinal);
        Assert.Contains("its thread pool had up to 50 work items waiting", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Judge_LagUnderTheLimit_IsNotSaturatedWhateverTheMachineDoes()
    {
        var report = Judge(10, 4, 9, Frame(machineUser: 90, machineSystem: 9));

        Assert.False(report.Saturated);
        Assert.Equal(SaturationCause.None, report.Cause);
        Assert.Empty(report.Reasons);
    }

    [Fact]
    public void Judge_LateWithNothingToExplainIt_SaysSo()
    {
        var report = Judge(3, 20, 10, Frame(machineUser: 15, machineSystem: 5));

        Assert.Equal(SaturationCause.Unknown, report.Cause);
        Assert.Contains(report.Reasons, r => r.Contains("neither the generator's CPU, GC and thread pool nor the machine's load explain it", StringComparison.Ordinal));
    }
}
