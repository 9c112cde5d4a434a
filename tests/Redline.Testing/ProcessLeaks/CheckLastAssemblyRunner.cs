using Xunit;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace Redline.Testing.ProcessLeaks;

/// <summary>
/// xUnit's assembly runner, except that the collection of <see cref="NoProcessLeftBehindCheck"/> is
/// ordered last and, when collections run in parallel, starts only once every other one has ended.
/// </summary>
internal sealed class CheckLastAssemblyRunner(
    ITestAssembly testAssembly,
    IEnumerable<IXunitTestCase> testCases,
    IMessageSink diagnosticMessageSink,
    IMessageSink executionMessageSink,
    ITestFrameworkExecutionOptions executionOptions)
    : XunitTestAssemblyRunner(testAssembly, testCases, diagnosticMessageSink, executionMessageSink, executionOptions)
{
    private readonly TaskCompletionSource _othersEnded = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private string? _checkCollection;
    private int _othersLeft;

    /// <summary>Whether the check runs after every other test of its assembly; the check refuses to judge otherwise.</summary>
    internal static bool RunsLast { get; private set; }

    protected override async Task AfterTestAssemblyStartingAsync()
    {
        await base.AfterTestAssemblyStartingAsync();
        _checkCollection = TestCases
            .FirstOrDefault(c => typeof(NoProcessLeftBehindCheck).IsAssignableFrom(c.TestMethod.TestClass.Class.ToRuntimeType()))
            ?.TestMethod.TestClass.TestCollection.UniqueID.ToString();
        _othersLeft = TestCases.Select(CollectionOf).Distinct(StringComparer.Ordinal).Count(id => id != _checkCollection);
        if (_othersLeft == 0)
        {
            _othersEnded.TrySetResult();
        }

        TestCollectionOrderer = new CheckLastOrderer(TestCollectionOrderer, _checkCollection);
        RunsLast = _checkCollection is not null;
    }

    protected override async Task<RunSummary> RunTestCollectionAsync(
        IMessageBus messageBus,
        ITestCollection testCollection,
        IEnumerable<IXunitTestCase> testCases,
        CancellationTokenSource cancellationTokenSource)
    {
        if (testCollection.UniqueID.ToString() == _checkCollection)
        {
            // Ordered last, so when collections run one by one the others have ended already.
            await _othersEnded.Task;
            return await base.RunTestCollectionAsync(messageBus, testCollection, testCases, cancellationTokenSource);
        }

        try
        {
            return await base.RunTestCollectionAsync(messageBus, testCollection, testCases, cancellationTokenSource);
        }
        finally
        {
            if (Interlocked.Decrement(ref _othersLeft) == 0)
            {
                _othersEnded.TrySetResult();
            }
        }
    }

    private static string CollectionOf(IXunitTestCase testCase) => testCase.TestMethod.TestClass.TestCollection.UniqueID.ToString();

    /// <summary>Keeps the configured order and moves the check's collection to the end.</summary>
    private sealed class CheckLastOrderer(ITestCollectionOrderer inner, string? last) : ITestCollectionOrderer
    {
        public IEnumerable<ITestCollection> OrderTestCollections(IEnumerable<ITestCollection> testCollections)
        {
            var ordered = inner.OrderTestCollections(testCollections).ToList();
            return [.. ordered.Where(c => c.UniqueID.ToString() != last), .. ordered.Where(c => c.UniqueID.ToString() == last)];
        }
    }
}
