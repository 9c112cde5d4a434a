using System.Reflection;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace Redline.Testing.ProcessLeaks;

/// <summary>
/// xUnit's own framework, with two additions: every process a test starts carries this host's
/// marker, and <see cref="NoProcessLeftBehindCheck"/> runs after every other test of the assembly, alone.
/// </summary>
/// <remarks>
/// xUnit 2 has no assembly fixture, and a collection fixture ends with its collection while other
/// collections may still run; its cleanup failure would also be pinned on every test of the
/// collection. A test framework is xUnit 2's one hook around a whole assembly's run, and running
/// the check as a test of its own gives one clear failure naming the processes.
/// Use it with <c>[assembly: TestFramework(LeakCheckingTestFramework.TypeName, LeakCheckingTestFramework.AssemblyName)]</c>.
/// </remarks>
public sealed class LeakCheckingTestFramework(IMessageSink messageSink) : XunitTestFramework(messageSink)
{
    /// <summary>This type's full name, for the TestFramework attribute.</summary>
    public const string TypeName = "Redline.Testing.ProcessLeaks.LeakCheckingTestFramework";

    /// <summary>This assembly's name, for the TestFramework attribute.</summary>
    public const string AssemblyName = "Redline.Testing";

    protected override ITestFrameworkExecutor CreateExecutor(AssemblyName assemblyName) =>
        new Executor(assemblyName, SourceInformationProvider, DiagnosticMessageSink);

    private sealed class Executor(AssemblyName assemblyName, ISourceInformationProvider sourceInformationProvider, IMessageSink diagnosticMessageSink)
        : XunitTestFrameworkExecutor(assemblyName, sourceInformationProvider, diagnosticMessageSink)
    {
        // async void as in xUnit's own executor: the runner reports the end through the message sink.
        protected override async void RunTestCases(IEnumerable<IXunitTestCase> testCases, IMessageSink executionMessageSink, ITestFrameworkExecutionOptions executionOptions)
        {
            TestProcesses.Mark();
            using var runner = new CheckLastAssemblyRunner(TestAssembly, testCases, DiagnosticMessageSink, executionMessageSink, executionOptions);
            await runner.RunAsync();
        }
    }
}
