using Redline.Testing.ProcessLeaks;

[assembly: TestFramework(LeakCheckingTestFramework.TypeName, LeakCheckingTestFramework.AssemblyName)]

namespace Redline.MicroPacks.Tests;

/// <summary>Runs after every other test of this assembly: the processes its tests start must all be stopped by then.</summary>
public sealed class NoProcessLeftBehind : NoProcessLeftBehindCheck;
