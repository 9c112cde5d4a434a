using System.Text.Json;

namespace Redline.Engine;

/// <summary>A file of one JSON object per line, each line flushed to the OS as it is finished, so a killed run keeps what it wrote.</summary>
internal sealed class NdjsonFile : IDisposable
{
    private readonly FileStream _stream;
    private readonly Utf8JsonWriter _json;

    /// <summary>Creates <paramref name="path"/>, replacing an earlier run's file of that name.</summary>
    public NdjsonFile(string path)
    {
        _stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.Read);
        _json = new Utf8JsonWriter(_stream);
    }

    /// <summary>Writes one line with <paramref name="write"/>, which writes one JSON value.</summary>
    public void WriteLine(Action<Utf8JsonWriter> write)
    {
        _json.Reset();
        write(_json);
        _json.Flush();
        _stream.WriteByte((byte)'\n');
    }

    /// <summary>Hands what was written to the OS.</summary>
    public void Flush() => _stream.Flush(flushToDisk: false);

    public void Dispose()
    {
        _json.Dispose();
        _stream.Dispose();
    }
}
