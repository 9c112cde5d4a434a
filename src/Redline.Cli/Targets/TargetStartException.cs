namespace Redline.Cli.Targets;

/// <summary>The service under test could not be started or did not become ready; the message says why.</summary>
internal sealed class TargetStartException : Exception
{
    public TargetStartException()
    {
    }

    public TargetStartException(string message)
        : base(message)
    {
    }

    public TargetStartException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
