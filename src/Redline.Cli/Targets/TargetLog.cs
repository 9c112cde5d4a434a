namespace Redline.Cli.Targets;

/// <summary>
/// Appends a started service's stdout and stderr lines to its log file and keeps the last few in
/// memory for error messages. A log that cannot be written is given up silently: the run matters more.
/// </summary>
internal sealed class TargetLog : IDisposable
{
    /// <summary>How many trailing lines error messages show.</summary>
    public const int TailLength = 10;

    private readonly Lock _lock = new();
    private readonly Queue<string> _tail = new();
    private StreamWriter? _writer;

    private TargetLog(string path, StreamWriter writer)
    {
        Path = path;
        _writer = writer;
    }

    /// <summary>The log file's path.</summary>
    public string Path { get; }

    /// <summary>Opens <paramref name="path"/> for appending, creating its folder if needed.</summary>
    public static TargetLog Open(string path)
    {
        var folder = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(folder))
        {
            Directory.CreateDirectory(folder);
        }

        var stream = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete);

        // Flushed per line so that the file can be followed while a run goes on.
        return new TargetLog(path, new StreamWriter(stream) { AutoFlush = true });
    }

    /// <summary>Appends one line; called from the output and error readers concurrently.</summary>
    public void Append(string line)
    {
        lock (_lock)
        {
            _tail.Enqueue(line);
            if (_tail.Count > TailLength)
            {
                _tail.Dequeue();
            }

            try
            {
                _writer?.WriteLine(line);
            }
            catch (IOException)
            {
                _writer?.Dispose();
                _writer = null;
            }
        }
    }

    /// <summary>The last lines written, oldest first.</summary>
    public IReadOnlyList<string> Tail()
    {
        lock (_lock)
        {
            return [.. _tail];
        }
    }

    public void Dispose()
    {
        lock (_lock)
        {
            try
            {
                _writer?.Dispose();
            }
            catch (IOException)
            {
                // The last buffered bytes are lost; nothing else to do.
            }

            _writer = null;
        }
    }
}
