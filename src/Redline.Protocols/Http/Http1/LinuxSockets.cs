using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace Redline.Protocols.Http.Http1;

/// <summary>The Linux socket and epoll calls of <see cref="EpollLoop"/> and <see cref="EpollSocket"/>, and their errno codes.</summary>
internal static unsafe partial class LinuxSockets
{
    public const int StreamNonBlocking = 1 | 0x800 | 0x80000; // SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC
    public const int ProtocolTcp = 6;
    public const int LevelSocket = 1;
    public const int OptionError = 4; // SO_ERROR
    public const int OptionTcpNoDelay = 1;
    public const int NoSignal = 0x4000; // MSG_NOSIGNAL

    public const int ControlAdd = 1;
    public const int ControlModify = 3;
    public const uint EventIn = 0x1;
    public const uint EventOut = 0x4;
    public const uint EventError = 0x8;
    public const uint EventHangUp = 0x10;
    public const uint EventReadHangUp = 0x2000;
    public const uint EventEdge = 1u << 31;

    public const int ErrorInterrupted = 4;
    public const int ErrorWouldBlock = 11;
    public const int ErrorInProgress = 115;

    /// <summary>The size of one struct epoll_event: packed on x86-64, aligned elsewhere.</summary>
    public static readonly int EventSize = RuntimeInformation.ProcessArchitecture == Architecture.X64 ? 12 : 16;

    /// <summary>Where an epoll_event's data field starts.</summary>
    public static readonly int EventDataOffset = EventSize - sizeof(ulong);

    /// <summary>The address family's number for socket(2).</summary>
    public static int Family(AddressFamily family) => family == AddressFamily.InterNetworkV6 ? 10 : 2;

    /// <summary>Adds or changes <paramref name="fd"/>'s registration in <paramref name="epoll"/>; the errno on failure.</summary>
    public static int Control(int epoll, int operation, int fd, uint events, ulong data)
    {
        var buffer = stackalloc byte[16];
        *(uint*)buffer = events;
        *(ulong*)(buffer + EventDataOffset) = data;
        return EpollControl(epoll, operation, fd, buffer) == 0 ? 0 : Marshal.GetLastPInvokeError();
    }

    /// <summary>The exception for an errno of a socket call, with the SocketError the error classes read.</summary>
    public static SocketException Error(int errno) => new((int)(errno switch
    {
        104 => SocketError.ConnectionReset,
        32 => SocketError.ConnectionReset, // EPIPE: the peer closed before the request went out
        103 => SocketError.ConnectionAborted,
        111 => SocketError.ConnectionRefused,
        110 => SocketError.TimedOut,
        113 => SocketError.HostUnreachable,
        101 => SocketError.NetworkUnreachable,
        99 => SocketError.AddressNotAvailable,
        98 => SocketError.AddressAlreadyInUse,
        24 or 23 => SocketError.TooManyOpenSockets, // EMFILE, ENFILE
        105 => SocketError.NoBufferSpaceAvailable,
        _ => SocketError.SocketError,
    }));

    [LibraryImport("libc", EntryPoint = "socket", SetLastError = true)]
    public static partial int Open(int domain, int type, int protocol);

    [LibraryImport("libc", EntryPoint = "connect", SetLastError = true)]
    public static partial int Connect(int fd, byte* address, int length);

    [LibraryImport("libc", EntryPoint = "bind", SetLastError = true)]
    public static partial int Bind(int fd, byte* address, int length);

    [LibraryImport("libc", EntryPoint = "setsockopt", SetLastError = true)]
    public static partial int SetOption(int fd, int level, int name, int* value, int length);

    [LibraryImport("libc", EntryPoint = "getsockopt", SetLastError = true)]
    public static partial int GetOption(int fd, int level, int name, int* value, int* length);

    [LibraryImport("libc", EntryPoint = "send", SetLastError = true)]
    public static partial nint Send(int fd, byte* buffer, nint length, int flags);

    [LibraryImport("libc", EntryPoint = "recv", SetLastError = true)]
    public static partial nint Receive(int fd, byte* buffer, nint length, int flags);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    public static partial int Close(int fd);

    [LibraryImport("libc", EntryPoint = "epoll_create1", SetLastError = true)]
    public static partial int EpollCreate(int flags);

    [LibraryImport("libc", EntryPoint = "epoll_ctl", SetLastError = true)]
    private static partial int EpollControl(int epoll, int operation, int fd, byte* @event);

    [LibraryImport("libc", EntryPoint = "epoll_wait", SetLastError = true)]
    public static partial int EpollWait(int epoll, byte* events, int maxEvents, int timeout);
}
