using System.Diagnostics.CodeAnalysis;

namespace Redline.Cli.Suites;

/// <summary>One problem in a suite file, located by line, column and key path.</summary>
/// <param name="File">The suite file as the user named it.</param>
/// <param name="Line">1-based line, or 0 when the problem is the file itself (missing, unreadable).</param>
/// <param name="Column">1-based column, or 0 with <paramref name="Line"/> 0.</param>
/// <param name="KeyPath">The dotted key, such as <c>scenarios.ramp.load.stages[1].duration</c>; empty for YAML syntax errors.</param>
/// <param name="Message">What is wrong, in the user's terms.</param>
internal sealed record SuiteError(string File, int Line, int Column, string KeyPath, string Message)
{
    /// <summary>The compiler-style form <c>file:line:column: key.path: message</c>.</summary>
    public override string ToString() => (Line, KeyPath) switch
    {
        (0, _) => $"{File}: {Message}",
        (_, "") => $"{File}:{Line}:{Column}: {Message}",
        _ => $"{File}:{Line}:{Column}: {KeyPath}: {Message}",
    };
}

/// <summary>The outcome of loading a suite file: the frozen suite, or every error found in it.</summary>
/// <param name="Suite">The suite, or null when there are errors.</param>
/// <param name="Errors">Every error, sorted by line then column.</param>
internal sealed record SuiteLoadResult(Suite? Suite, IReadOnlyList<SuiteError> Errors)
{
    /// <summary>Whether the file loaded without errors.</summary>
    [MemberNotNullWhen(true, nameof(Suite))]
    public bool Succeeded => Suite is not null;
}
