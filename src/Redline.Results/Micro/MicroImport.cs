using Redline.Engine;

namespace Redline.Results.Micro;

/// <summary>The micro-benchmarks read from one result file (or one Criterion folder), with what the file says of the machine and tool.</summary>
/// <param name="Format">The format it was read as: one of <see cref="MicroFormats.Names"/>.</param>
/// <param name="Benchmarks">The benchmarks in the file's order, each identity once.</param>
public sealed record MicroImport(string Format, IReadOnlyList<MicroBenchmark> Benchmarks)
{
    /// <summary>Machine and tool information the file gives (CPU, OS, tool version...), flattened to dotted keys; empty when none.</summary>
    public IReadOnlyDictionary<string, string> Host { get; init; } = new Dictionary<string, string>();
}

/// <summary>
/// A result file that cannot be read: its message names the file (with line:column or a JSON path where known) and
/// what is wrong.
/// </summary>
public sealed class MicroFormatException : Exception
{
    /// <summary>An error without a message.</summary>
    public MicroFormatException()
    {
    }

    /// <summary>An error whose message names the file, where in it, and what is wrong.</summary>
    public MicroFormatException(string message)
        : base(message)
    {
    }

    /// <summary>An error caused by another, such as the JSON parser's.</summary>
    public MicroFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
