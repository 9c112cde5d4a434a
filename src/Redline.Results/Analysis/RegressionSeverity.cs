namespace Redline.Results.Analysis;

/// <summary>How bad a regression is, in the seed's three levels.</summary>
public enum RegressionSeverity
{
    /// <summary>No regression.</summary>
    None,

    /// <summary>The seed's notice: log and track.</summary>
    Notice,

    /// <summary>The seed's warning: require review.</summary>
    Warning,

    /// <summary>The seed's critical: block the deployment.</summary>
    Critical,
}

/// <summary>What a regression asks for.</summary>
public enum RegressionAction
{
    /// <summary>Nothing: no regression.</summary>
    None,

    /// <summary><c>log_and_track</c>.</summary>
    LogAndTrack,

    /// <summary><c>require_review</c>.</summary>
    RequireReview,

    /// <summary><c>block_deployment</c>: <c>redline</c> exits 3.</summary>
    BlockDeployment,
}

/// <summary>The seed's spelling of severities and actions, as reports and suite files write them.</summary>
public static class RegressionNames
{
    /// <summary><c>none</c>, <c>notice</c>, <c>warning</c> or <c>critical</c>.</summary>
    public static string ToSeedName(this RegressionSeverity severity) => severity switch
    {
        RegressionSeverity.Notice => "notice",
        RegressionSeverity.Warning => "warning",
        RegressionSeverity.Critical => "critical",
        _ => "none",
    };

    /// <summary><c>none</c>, <c>log_and_track</c>, <c>require_review</c> or <c>block_deployment</c>.</summary>
    public static string ToSeedName(this RegressionAction action) => action switch
    {
        RegressionAction.LogAndTrack => "log_and_track",
        RegressionAction.RequireReview => "require_review",
        RegressionAction.BlockDeployment => "block_deployment",
        _ => "none",
    };

    /// <summary>The action written <paramref name="name"/>, or null.</summary>
    internal static RegressionAction? ParseAction(string name) => name.Trim() switch
    {
        "log_and_track" => RegressionAction.LogAndTrack,
        "require_review" => RegressionAction.RequireReview,
        "block_deployment" => RegressionAction.BlockDeployment,
        _ => null,
    };
}
