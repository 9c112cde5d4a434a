namespace Redline.Cli;

/// <summary>The exit codes every command uses, as PRODUCT.md promises them.</summary>
internal static class ExitCodes
{
    /// <summary>Completed; every criterion held; no blocking regression.</summary>
    public const int Ok = 0;

    /// <summary>A success criterion failed.</summary>
    public const int CriterionFailed = 1;

    /// <summary>Invalid usage or configuration; nothing was run.</summary>
    public const int BadInput = 2;

    /// <summary>A regression at a blocking severity.</summary>
    public const int BlockingRegression = 3;

    /// <summary>Aborted by the user; results still written.</summary>
    public const int Aborted = 4;

    /// <summary>Preflight failed or the target was unreachable before the run.</summary>
    public const int PreflightFailed = 5;

    /// <summary>A bug in Redline.</summary>
    public const int InternalError = 70;
}

/// <summary>A problem the user can fix, reported in one clear message with its exit code and no stack trace.</summary>
internal sealed class UserFacingException(int exitCode, string message) : Exception(message)
{
    public int ExitCode { get; } = exitCode;
}
