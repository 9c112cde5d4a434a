using System.Text;
using Microsoft.Win32.SafeHandles;

namespace Redline.Monitoring.Proc;

/// <summary>How reading a /proc file went.</summary>
internal enum ProcReadStatus
{
    /// <summary>The text was read.</summary>
    Ok,

    /// <summary>The file does not exist: the process is gone, or the kernel lacks the file.</summary>
    Missing,

    /// <summary>The file exists but may not be read (another user's process, ptrace restrictions).</summary>
    Denied,
}

/// <summary>Reads small /proc files into one reused buffer, so sampling once a second allocates little.</summary>
/// <remarks>
/// The returned span is valid until the next read. /proc files report a size of zero, so the
/// buffer grows until a read comes back short. Not thread-safe: each sampler owns one.
/// </remarks>
internal sealed class ProcFileReader
{
    private byte[] _bytes = new byte[4096];
    private char[] _chars = new char[4096];

    /// <summary>Reads the whole file at <paramref name="path"/>.</summary>
    public ProcReadStatus Read(string path, out ReadOnlySpan<char> text)
    {
        text = default;
        try
        {
            using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            var length = ReadAll(handle);
            if (_chars.Length < length)
            {
                _chars = new char[_bytes.Length];
            }

            // /proc text is ASCII except for process names, which only status and stat carry.
            var count = Encoding.UTF8.GetChars(_bytes.AsSpan(0, length), _chars);
            text = _chars.AsSpan(0, count);
            return ProcReadStatus.Ok;
        }
        catch (UnauthorizedAccessException)
        {
            return ProcReadStatus.Denied;
        }
        catch (IOException)
        {
            // FileNotFound and DirectoryNotFound when the file or the process is gone; ESRCH when a read races the exit.
            return ProcReadStatus.Missing;
        }
    }

    private int ReadAll(SafeFileHandle handle)
    {
        var length = 0;
        while (true)
        {
            if (length == _bytes.Length)
            {
                Array.Resize(ref _bytes, _bytes.Length * 2);
            }

            var read = RandomAccess.Read(handle, _bytes.AsSpan(length), length);
            if (read == 0)
            {
                return length;
            }

            length += read;
        }
    }
}
