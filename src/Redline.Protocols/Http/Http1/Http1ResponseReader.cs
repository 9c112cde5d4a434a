using System.Buffers;
using System.Buffers.Text;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Text;
using Redline.Engine;

namespace Redline.Protocols.Http.Http1;

/// <summary>
/// Reads one HTTP/1.1 answer from a socket: the status line, the headers it needs (framing,
/// keep-alive) and the body, framed by Content-Length, chunked coding or the connection's end.
/// One per connection, reused for every exchange on it; the buffer is rented once the answer has
/// arrived and returned when it was read, so neither an idle connection nor one awaiting its answer holds one.
/// </summary>
internal sealed class Http1ResponseReader(Http1Socket socket)
{
    /// <summary>The buffer rented for one exchange; grown up to <see cref="MaxHeaderBytes"/> for long headers.</summary>
    public const int BufferSize = 4096;

    /// <summary>The longest header section (or chunk-size line) accepted.</summary>
    public const int MaxHeaderBytes = 64 * 1024;

    private static readonly byte[] HeaderEnd = "\r\n\r\n"u8.ToArray();
    private static readonly byte[] LineEnd = "\r\n"u8.ToArray();

    private byte[] _buffer = [];
    private int _start;
    private int _end;
    private ArrayBufferWriter<byte>? _body;

    /// <summary>When the answer's first byte arrived (a Stopwatch timestamp), 0 before it did.</summary>
    public long FirstByteAt { get; private set; }

    /// <summary>The answer's status code, 0 before its status line was read.</summary>
    public int Status { get; private set; }

    /// <summary>Whether the connection may carry the next request once this answer was read whole.</summary>
    public bool KeepAlive { get; private set; }

    /// <summary>Reads the answer to a request whose method was <paramref name="head"/> or not; fills <paramref name="capture"/> when given.</summary>
    /// <exception cref="Http1ProtocolException">The answer is not valid HTTP/1.x.</exception>
    /// <exception cref="Http1ClosedException">The connection ended before the answer did.</exception>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    public async ValueTask ReadAsync(bool head, ResponseCapture? capture, CancellationToken cancellationToken)
    {
        Begin();

        // The buffer is taken once the answer is there, not while it is awaited: the pool keeps a
        // few buffers a core, and thousands of exchanges waiting at once, each holding one, made
        // every rent beyond those a new 4 KB array.
        await socket.WaitReadableAsync(cancellationToken).ConfigureAwait(false);
        _buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        try
        {
            Framing framing;
            do
            {
                // Inline rather than through FindAsync: one async level less on every answer.
                int headerEnd;
                while ((headerEnd = IndexOf(HeaderEnd)) < 0)
                {
                    Filled(await FillAsync(cancellationToken).ConfigureAwait(false));
                }

                capture?.Clear();
                framing = ParseHead(_buffer.AsSpan(_start, headerEnd - _start), head, capture);
                _start = headerEnd + 4;
            }
            while (framing.Interim);

            if (capture is not null)
            {
                _body ??= new ArrayBufferWriter<byte>();
                _body.ResetWrittenCount();
            }

            var body = capture is null ? null : _body;
            if (framing.Chunked)
            {
                await ReadChunkedAsync(body, cancellationToken).ConfigureAwait(false);
            }
            else if (framing.ContentLength >= 0)
            {
                await ReadFixedAsync(framing.ContentLength, body, cancellationToken).ConfigureAwait(false);
            }
            else if (framing.ToClose)
            {
                await ReadToCloseAsync(body, cancellationToken).ConfigureAwait(false);
                KeepAlive = false;
            }

            if (capture is not null)
            {
                capture.Body = Encoding.UTF8.GetString(body!.WrittenSpan);
            }

            // Bytes past the answer's end mean the framing was not what the server meant: the
            // connection's next answer cannot be trusted to start where the parser thinks.
            if (_start != _end)
            {
                KeepAlive = false;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = [];
            if (_body is { Capacity: > MaxHeaderBytes })
            {
                _body = null; // a large captured body is not kept alive with the connection
            }
        }
    }

    /// <summary>Forgets the previous answer, before a request is sent.</summary>
    public void Begin()
    {
        FirstByteAt = 0;
        Status = 0;
        KeepAlive = false;
        _start = _end = 0;
    }

    /// <summary>Whether any byte of the answer arrived (a stale keep-alive connection fails before one does).</summary>
    public bool Received => FirstByteAt != 0;

    private readonly record struct Framing(bool Interim, bool Chunked, long ContentLength, bool ToClose);

    private Framing ParseHead(ReadOnlySpan<byte> head, bool isHeadRequest, ResponseCapture? capture)
    {
        var lineEnd = head.IndexOf("\r\n"u8);
        var statusLine = lineEnd < 0 ? head : head[..lineEnd];
        // HTTP/1.x SSS[ reason]
        if (statusLine.Length < 12 || !statusLine.StartsWith("HTTP/1."u8) || statusLine[8] != (byte)' '
            || !Utf8Parser.TryParse(statusLine.Slice(9, 3), out int status, out var used) || used != 3 || status < 100 || status > 999
            || (statusLine.Length > 12 && statusLine[12] != (byte)' '))
        {
            throw new Http1ProtocolException($"invalid status line '{Printable(statusLine)}'");
        }

        var http10 = statusLine[7] == (byte)'0';
        Status = status;
        var keepAlive = !http10;
        var chunked = false;
        var otherCoding = false;
        long contentLength = -1;
        var rest = lineEnd < 0 ? [] : head[(lineEnd + 2)..];
        while (rest.Length > 0)
        {
            var end = rest.IndexOf("\r\n"u8);
            var line = end < 0 ? rest : rest[..end];
            rest = end < 0 ? [] : rest[(end + 2)..];
            var colon = line.IndexOf((byte)':');
            if (colon <= 0)
            {
                throw new Http1ProtocolException($"invalid header line '{Printable(line)}'");
            }

            var name = line[..colon];
            var value = line[(colon + 1)..].Trim(" \t"u8);
            if (Ascii.EqualsIgnoreCase(name, "content-length"u8))
            {
                if (!Utf8Parser.TryParse(value, out long length, out var consumed) || consumed != value.Length || length < 0
                    || (contentLength >= 0 && contentLength != length))
                {
                    throw new Http1ProtocolException($"invalid Content-Length '{Printable(value)}'");
                }

                contentLength = length;
            }
            else if (Ascii.EqualsIgnoreCase(name, "transfer-encoding"u8))
            {
                // Only the last coding frames the body; chunked anywhere else is not HTTP/1.1.
                var last = value[(value.LastIndexOf((byte)',') + 1)..].Trim(" \t"u8);
                chunked = Ascii.EqualsIgnoreCase(last, "chunked"u8);
                otherCoding = !chunked;
            }
            else if (Ascii.EqualsIgnoreCase(name, "connection"u8))
            {
                if (ContainsToken(value, "close"u8))
                {
                    keepAlive = false;
                }
                else if (ContainsToken(value, "keep-alive"u8))
                {
                    keepAlive = true;
                }
            }

            if (capture is not null)
            {
                var key = Encoding.Latin1.GetString(name.Trim(" \t"u8));
                var text = Encoding.Latin1.GetString(value);
                capture.Headers[key] = capture.Headers.TryGetValue(key, out var earlier) ? earlier + ", " + text : text;
            }
        }

        KeepAlive = keepAlive;
        if (status is >= 100 and < 200)
        {
            if (status == 101)
            {
                throw new Http1ProtocolException("the server switched protocols (101), which a load step does not follow");
            }

            return new Framing(Interim: true, false, -1, false);
        }

        if (isHeadRequest || status is 204 or 304)
        {
            return new Framing(false, false, 0, false);
        }

        // RFC 9112 6.3: a transfer coding other than chunked as the last one, or no framing at
        // all, means the body runs to the connection's end.
        return chunked ? new Framing(false, true, -1, false)
            : otherCoding ? new Framing(false, false, -1, true)
            : contentLength >= 0 ? new Framing(false, false, contentLength, false)
            : new Framing(false, false, -1, true);
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask ReadFixedAsync(long length, ArrayBufferWriter<byte>? body, CancellationToken cancellationToken)
    {
        while (length > 0)
        {
            if (_start == _end)
            {
                Filled(await FillAsync(cancellationToken).ConfigureAwait(false));
            }

            var take = (int)Math.Min(length, _end - _start);
            body?.Write(_buffer.AsSpan(_start, take));
            _start += take;
            length -= take;
        }
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask ReadToCloseAsync(ArrayBufferWriter<byte>? body, CancellationToken cancellationToken)
    {
        while (true)
        {
            body?.Write(_buffer.AsSpan(_start, _end - _start));
            _start = _end;
            var read = await FillAsync(cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                return;
            }

            Filled(read);
        }
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask ReadChunkedAsync(ArrayBufferWriter<byte>? body, CancellationToken cancellationToken)
    {
        while (true)
        {
            var lineEnd = await FindAsync(LineEnd, cancellationToken).ConfigureAwait(false);
            var size = ChunkSize(_buffer.AsSpan(_start, lineEnd - _start));
            _start = lineEnd + 2;
            if (size == 0)
            {
                // Trailer fields, if any, up to the empty line that ends the message.
                while (true)
                {
                    var trailerEnd = await FindAsync(LineEnd, cancellationToken).ConfigureAwait(false);
                    var empty = trailerEnd == _start;
                    _start = trailerEnd + 2;
                    if (empty)
                    {
                        return;
                    }
                }
            }

            await ReadFixedAsync(size, body, cancellationToken).ConfigureAwait(false);
            var dataEnd = await FindAsync(LineEnd, cancellationToken).ConfigureAwait(false);
            if (dataEnd != _start)
            {
                throw new Http1ProtocolException("a chunk is longer than its size line says");
            }

            _start = dataEnd + 2;
        }
    }

    private static long ChunkSize(ReadOnlySpan<byte> line)
    {
        var semicolon = line.IndexOf((byte)';');
        var digits = (semicolon < 0 ? line : line[..semicolon]).Trim(" \t"u8);
        if (digits.Length == 0 || digits.Length > 15 || !Utf8Parser.TryParse(digits, out long size, out var used, 'X') || used != digits.Length)
        {
            throw new Http1ProtocolException($"invalid chunk size '{Printable(line)}'");
        }

        return size;
    }

    /// <summary>Reads until <paramref name="delimiter"/> is in the window; returns its index in the buffer.</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<int> FindAsync(byte[] delimiter, CancellationToken cancellationToken)
    {
        int at;
        while ((at = IndexOf(delimiter)) < 0)
        {
            Filled(await FillAsync(cancellationToken).ConfigureAwait(false));
        }

        return at;
    }

    /// <summary>Where <paramref name="delimiter"/> starts in the window, as an index into the buffer; -1 when it is not there yet.</summary>
    private int IndexOf(byte[] delimiter)
    {
        var at = _buffer.AsSpan(_start, _end - _start).IndexOf(delimiter);
        return at < 0 ? -1 : _start + at;
    }

    /// <summary>Takes in what a <see cref="FillAsync"/> read; the peer's close before the answer's end is an error.</summary>
    private void Filled(int read)
    {
        if (read == 0)
        {
            throw new Http1ClosedException();
        }

        if (FirstByteAt == 0)
        {
            FirstByteAt = Stopwatch.GetTimestamp();
        }

        _end += read;
    }

    /// <summary>
    /// Makes room at the window's end and reads into it: the socket's own ValueTask, no state
    /// machine of its own; the caller hands the count to <see cref="Filled"/> (0: the peer closed).
    /// </summary>
    private ValueTask<int> FillAsync(CancellationToken cancellationToken)
    {
        if (_start == _end)
        {
            _start = _end = 0;
        }
        else if (_end == _buffer.Length)
        {
            if (_start > 0)
            {
                _buffer.AsSpan(_start, _end - _start).CopyTo(_buffer);
                _end -= _start;
                _start = 0;
            }
            else if (_buffer.Length >= MaxHeaderBytes)
            {
                throw new Http1ProtocolException("the header section is over 64 KB");
            }
            else
            {
                var larger = ArrayPool<byte>.Shared.Rent(_buffer.Length * 2);
                _buffer.AsSpan(0, _end).CopyTo(larger);
                ArrayPool<byte>.Shared.Return(_buffer);
                _buffer = larger;
            }
        }

        return socket.ReceiveAsync(_buffer.AsMemory(_end), cancellationToken);
    }

    private static bool ContainsToken(ReadOnlySpan<byte> value, ReadOnlySpan<byte> token)
    {
        foreach (var range in value.Split((byte)','))
        {
            if (Ascii.EqualsIgnoreCase(value[range].Trim(" \t"u8), token))
            {
                return true;
            }
        }

        return false;
    }

    private static string Printable(ReadOnlySpan<byte> bytes)
    {
        var text = Encoding.Latin1.GetString(bytes[..Math.Min(bytes.Length, 80)]);
        return string.Create(text.Length, text, static (span, source) =>
        {
            for (var i = 0; i < span.Length; i++)
            {
                span[i] = char.IsControl(source[i]) ? '?' : source[i];
            }
        });
    }
}

/// <summary>The answer broke HTTP/1.1.</summary>
internal sealed class Http1ProtocolException(string message) : Exception(message);

/// <summary>The connection ended before the answer did.</summary>
internal sealed class Http1ClosedException() : Exception("connection closed before the response ended");
