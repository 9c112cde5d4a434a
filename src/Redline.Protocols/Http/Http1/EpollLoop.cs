using System.Runtime.InteropServices;

namespace Redline.Protocols.Http.Http1;

/// <summary>
/// A thread that waits on an epoll set of Redline's own HTTP/1.1 connections and, when one is
/// ready, performs its waiting read or write and runs the exchange's continuation right there:
/// the answer is parsed, recorded and the user's next request sent without a hand-off to the
/// thread pool. .NET's socket engine hands every completion from its epoll thread to a pool
/// thread, a wake-up and a queue per request that cost more CPU than the rest of the client.
/// One loop per core the process may run on; connections are spread over them in turn. Linux only.
/// </summary>
/// <remarks>
/// A continuation that blocks stalls every connection of its loop, so what runs after an answer
/// (the engine's recording, checks, captures, the next send) must not block; Redline's steps do not.
/// </remarks>
internal sealed unsafe class EpollLoop
{
    private const int MaxEvents = 256;
    private static readonly Lazy<EpollLoop[]> Loops = new(Start);
    private static int _next;

    private readonly int _epoll;
    private readonly Lock _lock = new();
    private readonly Stack<int> _free = new();
    private EpollSocket?[] _sockets = new EpollSocket?[64];
    private int _used;
    private uint _generation;

    private EpollLoop(int epoll, int index)
    {
        _epoll = epoll;
        new Thread(Run) { IsBackground = true, Name = $"redline http1 {index}" }.Start();
    }

    /// <summary>The epoll set's descriptor.</summary>
    public int Epoll => _epoll;

    /// <summary>The loop a new connection goes to, in turn; null where there is none (not Linux, or epoll failed).</summary>
    public static EpollLoop? Next()
    {
        var loops = Loops.Value;
        return loops.Length == 0 ? null : loops[(int)((uint)Interlocked.Increment(ref _next) % (uint)loops.Length)];
    }

    /// <summary>Enters <paramref name="socket"/> in the loop's table; the key that epoll events carry for it.</summary>
    public ulong Register(EpollSocket socket)
    {
        lock (_lock)
        {
            if (!_free.TryPop(out var slot))
            {
                if (_used == _sockets.Length)
                {
                    var larger = new EpollSocket?[_sockets.Length * 2];
                    _sockets.CopyTo(larger, 0);
                    Volatile.Write(ref _sockets, larger);
                }

                slot = _used++;
            }

            _sockets[slot] = socket;
            return ((ulong)++_generation << 32) | (uint)slot;
        }
    }

    /// <summary>Removes the socket with <paramref name="key"/>; an event still on its way for it is dropped.</summary>
    public void Unregister(ulong key)
    {
        var slot = (int)(uint)key;
        lock (_lock)
        {
            _sockets[slot] = null;
            _free.Push(slot);
        }
    }

    /// <summary>Sets how many loops run (a whole number from 1), in place of <see cref="DefaultCount"/>.</summary>
    public const string LoopsVariable = "REDLINE_HTTP1_LOOPS";

    private static int DefaultCount() => Environment.ProcessorCount;

    private static EpollLoop[] Start()
    {
        if (!OperatingSystem.IsLinux())
        {
            return [];
        }

        var count = int.TryParse(Environment.GetEnvironmentVariable(LoopsVariable), out var asked) && asked > 0 ? asked : DefaultCount();
        var loops = new List<EpollLoop>();
        for (var i = 0; i < count; i++)
        {
            var epoll = LinuxSockets.EpollCreate(0x80000); // EPOLL_CLOEXEC
            if (epoll < 0)
            {
                break;
            }

            loops.Add(new EpollLoop(epoll, i));
        }

        return [.. loops];
    }

    private void Run()
    {
        var size = LinuxSockets.EventSize;
        var offset = LinuxSockets.EventDataOffset;
        var events = (byte*)NativeMemory.Alloc((nuint)(MaxEvents * size));
        while (true)
        {
            var count = LinuxSockets.EpollWait(_epoll, events, MaxEvents, -1);
            if (count < 0)
            {
                if (Marshal.GetLastPInvokeError() == LinuxSockets.ErrorInterrupted)
                {
                    continue;
                }

                throw new InvalidOperationException($"epoll_wait failed with errno {Marshal.GetLastPInvokeError()}");
            }

            var sockets = Volatile.Read(ref _sockets);
            for (var i = 0; i < count; i++)
            {
                var entry = events + (i * size);
                var key = *(ulong*)(entry + offset);
                var slot = (int)(uint)key;
                if (slot < sockets.Length && sockets[slot] is { } socket && socket.Key == key)
                {
                    socket.OnEvents(*(uint*)entry);
                }
            }
        }
    }
}
