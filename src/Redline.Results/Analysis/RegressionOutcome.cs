namespace Redline.Results.Analysis;

/// <summary>The verdicts on every metric of a comparison, and what they ask for together.</summary>
/// <param name="Verdicts">One verdict per metric, in the order given.</param>
public sealed record RegressionOutcome(IReadOnlyList<RegressionVerdict> Verdicts)
{
    /// <summary>The verdicts that report a regression, most severe first.</summary>
    public IEnumerable<RegressionVerdict> Regressions =>
        Verdicts.Where(v => v.IsRegression).OrderByDescending(v => v.Severity);

    /// <summary>The worst severity found; None when nothing regressed.</summary>
    public RegressionSeverity WorstSeverity =>
        Verdicts.Select(v => v.Severity).DefaultIfEmpty(RegressionSeverity.None).Max();

    /// <summary>The strongest action asked for; None when nothing regressed.</summary>
    public RegressionAction Action =>
        Verdicts.Select(v => v.Action).DefaultIfEmpty(RegressionAction.None).Max();

    /// <summary>Whether a regression asks to block the deployment (exit code 3).</summary>
    public bool BlocksDeployment => Action == RegressionAction.BlockDeployment;

    /// <summary>Whether any regression is at least <paramref name="severity"/>, for <c>--fail-on warning</c>.</summary>
    public bool HasRegressionAtLeast(RegressionSeverity severity) =>
        Verdicts.Any(v => v.IsRegression && v.Severity >= severity);
}
