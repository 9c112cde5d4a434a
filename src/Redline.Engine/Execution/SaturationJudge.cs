using System.Globalization;

namespace Redline.Engine;

/// <summary>
/// Says whose fault it is when the generator could not keep its schedule: its own limits (its
/// CPU, its GC pauses, its thread pool) or a machine busy with other work (other processes' CPU,
/// steal time, a long run queue). Each second is folded as it closes, so nothing per second is
/// kept; the seconds that count are those whose schedule lag p99 was over the limit.
/// </summary>
internal sealed class SaturationJudge(GeneratorLimits limits)
{
    // Past these, over the late seconds, the machine (not the generator) is named.
    private const double OtherCpuShare = 30;
    private const double StealShare = 5;
    private const double RunQueuePerCore = 1.5;

    // Past these the generator's own runtime is named.
    private const int ThreadPoolBacklog = 10;

    private int _lateSeconds;
    private int _machineSeconds;
    private double _generatorCpu;
    private double _otherCpu;
    private double _steal;
    private double _targetCpu;
    private double _loadPerCore;
    private double _maxGcPauseMs;
    private long _maxPoolQueue;

    /// <summary>Folds one closed second.</summary>
    /// <param name="lagP99Ms">The second's schedule lag p99.</param>
    /// <param name="generatorCpu">Redline's CPU in the second, % of the cores it may use.</param>
    /// <param name="frame">What the resource monitor read in the second, if it ran.</param>
    public void Add(double lagP99Ms, double generatorCpu, ResourceFrame? frame)
    {
        if (lagP99Ms <= limits.MaxScheduleLagP99.TotalMilliseconds)
        {
            return;
        }

        _lateSeconds++;
        _generatorCpu += generatorCpu;
        if (frame?.GeneratorRuntime is { Connected: true } runtime)
        {
            _maxGcPauseMs = Math.Max(_maxGcPauseMs, runtime.GcPausesMs.Count == 0 ? 0 : runtime.GcPausesMs.Max());
            _maxPoolQueue = Math.Max(_maxPoolQueue, runtime.ThreadPoolQueueLength ?? 0);
        }

        if (frame?.System?.Cpu is { } cpu)
        {
            // The machine's busy time less what Redline and the target used is other processes'.
            var cores = Environment.ProcessorCount;
            var target = (frame.Target?.CpuPercent ?? 0) / cores;
            var generatorShare = generatorCpu; // The generator's figure is of the cores it may use: all of them here.
            _machineSeconds++;
            _otherCpu += Math.Max(0, cpu.UserPercent + cpu.SystemPercent - generatorShare - target);
            _targetCpu += target;
            _steal += cpu.StealPercent;
            _loadPerCore += (frame.System.Load?.OneMinute ?? 0) / cores;
        }
    }

    /// <summary>The scenario's verdict on its generator: whether its figures can be trusted, and if not, why and whose fault.</summary>
    public GeneratorReport Judge(double lagP99, double lagMax, double cpuMean, double cpuPeak)
    {
        var reasons = new List<string>();
        var generatorFaults = new List<string>();
        var machineFaults = new List<string>();
        var lagLimit = limits.MaxScheduleLagP99.TotalMilliseconds;
        var lagging = lagP99 > lagLimit;
        var cpuBound = cpuMean > limits.MaxCpuPercent;
        if (cpuBound)
        {
            reasons.Add(F($"the generator used {cpuMean:0}% of its CPU on average (limit {limits.MaxCpuPercent:0}%)"));
        }

        if (lagging)
        {
            if (_lateSeconds > 0 && _generatorCpu / _lateSeconds > limits.MaxCpuPercent)
            {
                generatorFaults.Add(F($"its CPU was at {_generatorCpu / _lateSeconds:0}%"));
            }

            if (_maxGcPauseMs >= lagLimit)
            {
                generatorFaults.Add(F($"its own GC paused it for up to {_maxGcPauseMs:0.#} ms"));
            }

            if (_maxPoolQueue >= ThreadPoolBacklog)
            {
                generatorFaults.Add(F($"its thread pool had up to {_maxPoolQueue} work items waiting"));
            }

            if (_machineSeconds > 0)
            {
                var other = _otherCpu / _machineSeconds;
                var steal = _steal / _machineSeconds;
                var load = _loadPerCore / _machineSeconds;
                if (other >= OtherCpuShare)
                {
                    machineFaults.Add(F($"other processes used {other:0}% of the machine's CPU (Redline {_generatorCpu / _lateSeconds:0}%, the target {_targetCpu / _machineSeconds:0}%)"));
                }

                if (steal >= StealShare)
                {
                    machineFaults.Add(F($"the hypervisor took {steal:0.#}% of the CPU (steal)"));
                }

                if (load >= RunQueuePerCore)
                {
                    machineFaults.Add(F($"{load:0.#} tasks per core waited to run (load average)"));
                }
            }

            var cause = (generatorFaults.Count > 0, machineFaults.Count > 0) switch
            {
                (true, true) => "both the generator and the machine",
                (true, false) => "the generator itself",
                (false, true) => "a busy machine, not the generator",
                _ => _machineSeconds > 0 ? "neither the generator's CPU, GC and thread pool nor the machine's load explain it" : "no machine figures were read to say why",
            };
            var why = string.Join("; ", generatorFaults.Concat(machineFaults));
            reasons.Insert(0, F($"iterations started {lagP99:0.0} ms late at p99 (limit {lagLimit:0} ms) in {_lateSeconds} second(s); cause: {cause}") + (why.Length > 0 ? $" ({why})" : ""));
        }

        var saturated = lagging || cpuBound;
        var blamed = cpuBound || generatorFaults.Count > 0 ? machineFaults.Count > 0 ? SaturationCause.Both : SaturationCause.Generator
            : machineFaults.Count > 0 ? SaturationCause.Machine
            : saturated ? SaturationCause.Unknown : SaturationCause.None;
        return new GeneratorReport(cpuMean, cpuPeak, lagP99, lagMax, saturated, reasons) { Cause = blamed };
    }

    private static string F(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
