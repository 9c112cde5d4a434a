using Xunit.Abstractions;
using Xunit.Sdk;

namespace Redline.Testing.ProcessLeaks;

/// <summary>
/// xUnit's assembly runner, except that the tests of <see cref="NoProcessLeftBehindCheck"/> are held
/// back until every other collection (parallel and non-parallel alike) has run, then run alone.
/// </summary>
internal sealed class CheckLastAssemblyRunner(
    ITestAssembly testAssembly,
    IEnumerable<IXunitTestCase> testCases,
    IMessageSink diagnosticMessageSink,
    IMessageSink executionMessageSink,
    ITestFrameworkExecutionOptions executionOptions)
    : XunitTestAssemblyRunner(testAssembly, testCases, diagnosticMessageSink, executionMessageSink, executionOptions)
{
    /// <summary>Whether the check runs after every other test of its assembly; the check refuses to judge otherwise.</summary>
    internal static bool RunsLast { get; private set; }

    protected override async Task<RunSummary> RunTestCollectionsAsync(IMessageBus messageBus, CancellationTokenSource cancellationTokenSource)
    {
        // Not by waiting inside a collection: xUnit runs non-parallel collections only after the
        // parallel ones, so a parallel collection that waited for them would wait forever.
        var all = TestCases.ToList();
        var checks = all.Where(c => typeof(NoProcessLeftBehindCheck).IsAssignableFrom(c.TestMethod.TestClass.Class.ToRuntimeType())).ToList();
        RunSummary summary;
        TestCases = all.Except(checks).ToList();
        try
        {
            summary = await base.RunTestCollectionsAsync(messageBus, cancellationTokenSource);
        }
        finally
        {
            TestCases = all;
        }

        RunsLast = true;
        foreach (var collection in checks.GroupBy(c => c.TestMethod.TestClass.TestCollection, TestCollectionComparer.Instance))
        {
            if (cancellationTokenSource.IsCancellationRequested)
            {
                break;
            }

            summary.Aggregate(await RunTestCollectionAsync(messageBus, collection.Key, collection, cancellationTokenSource));
        }

        return summary;
    }
}
