namespace Redline.Cli.Suites;

/// <summary>One problem found while validating, before it is placed in the file.</summary>
/// <param name="Pointer">The JSON Pointer of the node it concerns.</param>
/// <param name="AtKey">Whether it points at the key (unknown or misplaced keys) rather than the value.</param>
/// <param name="Message">What is wrong.</param>
/// <param name="Suggested">For an unknown key, the known key it probably meant.</param>
internal sealed record SuiteIssue(string Pointer, bool AtKey, string Message, string? Suggested = null);

/// <summary>Collects issues so that every problem is reported at once.</summary>
internal sealed class SuiteIssues
{
    private readonly List<SuiteIssue> _items = [];

    /// <summary>Everything found so far, in the order found.</summary>
    public IReadOnlyList<SuiteIssue> Items => _items;

    /// <summary>How many issues were found.</summary>
    public int Count => _items.Count;

    /// <summary>Reports a problem with <paramref name="node"/>'s value.</summary>
    public void AtValue(DocNode node, string message) => _items.Add(new SuiteIssue(node.Pointer, false, message));

    /// <summary>Reports a problem with <paramref name="node"/>'s key.</summary>
    public void AtKey(DocNode node, string message) => _items.Add(new SuiteIssue(node.Pointer, true, message));

    /// <summary>Reports a problem at <paramref name="pointer"/>.</summary>
    public void Add(string pointer, bool atKey, string message) => _items.Add(new SuiteIssue(pointer, atKey, message));
}
