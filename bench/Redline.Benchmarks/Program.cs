using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

// In-process, as Polly's benchmarks run: BenchmarkDotNet's default toolchain generates a project that
// references this one and rebuilds the engine into src/*/bin and obj, ignoring --artifacts-path and
// racing other builds in the same tree. As the default job it is the base that --job short refines.
if (args is ["monitor-cost", ..])
{
    return Redline.Benchmarks.MonitorCost.Run(args);
}

if (args is ["gate-accuracy", ..])
{
    return Redline.Benchmarks.GateAccuracy.Run(args);
}

if (args is ["proxy-accuracy", ..])
{
    return await Redline.Benchmarks.ProxyAccuracy.RunAsync(args);
}

if (args is ["dashboard-page", ..])
{
    return await Redline.Benchmarks.DashboardPage.RunAsync(args);
}

if (args is ["allocate", var seconds, var rate])
{
    var culture = System.Globalization.CultureInfo.InvariantCulture;
    return Redline.Benchmarks.MonitorCost.Allocate(int.Parse(seconds, culture), int.Parse(rate, culture)) > 0 ? 0 : 1;
}

var config = DefaultConfig.Instance
    .AddJob(Job.Default.WithToolchain(InProcessEmitToolchain.Instance).AsDefault());

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args, config);
return 0;
