using BenchmarkDotNet.Loggers;

namespace Redline.MicroPacks;

/// <summary>
/// BenchmarkDotNet's log cut to what a person follows: which benchmark is running, how many remain and when they
/// should be done, and errors (an exception by its first line). The per-iteration lines and BenchmarkDotNet's own summary are left out: the command
/// prints its own table.
/// </summary>
internal sealed class ProgressLogger(TextWriter output) : ILogger
{
    private readonly System.Text.StringBuilder _line = new();
    private LogKind _kind;

    public string Id => nameof(ProgressLogger);

    public int Priority => 0;

    public void Write(LogKind logKind, string text)
    {
        if (_line.Length == 0)
        {
            _kind = logKind;
        }

        _line.Append(text);
    }

    public void WriteLine() => WriteLine(_kind, "");

    public void WriteLine(LogKind logKind, string text)
    {
        Write(logKind, text);
        var line = _line.ToString();
        _line.Clear();
        if (Shows(_kind, line))
        {
            // An exception says what failed in its innermost "---> " line (BenchmarkDotNet's wrapping is outside);
            // its stack trace is of no use here.
            var lines = line.Split('\n');
            var inner = lines.LastOrDefault(l => l.TrimStart().StartsWith("---> ", StringComparison.Ordinal));
            output.WriteLine(inner is null ? lines[0].TrimEnd() : inner.Trim()[5..]);
        }
    }

    public void Flush() => output.Flush();

    private static bool Shows(LogKind kind, string line) =>
        kind == LogKind.Error
        || line.Contains("Exception", StringComparison.Ordinal)
        || line.StartsWith("// ! ", StringComparison.Ordinal)
        || line.StartsWith("// Benchmark: ", StringComparison.Ordinal)
        || line.StartsWith("// ** Remained ", StringComparison.Ordinal)
        || line.StartsWith("// ***** Found ", StringComparison.Ordinal);
}
