using System.IO.Enumeration;
using System.Runtime.InteropServices;

namespace Redline.Monitoring.Proc;

/// <summary>Counts a process's open file descriptors, the entries of /proc/&lt;pid&gt;/fd.</summary>
/// <remarks>
/// Listing the directory costs a stat per entry (.NET follows each symlink to see whether it is a
/// directory), about 5 µs each: 50 ms a sample for a server holding 10,000 sockets. Since Linux 6.2
/// the directory's own size is the count, so one statx is tried first; an older kernel reports 0
/// and the listing is the fallback. statx's layout is the same on every architecture, unlike stat's.
/// </remarks>
internal static class FileDescriptorCounter
{
    private const int AtFdCwd = -100;
    private const uint StatxSize = 0x200;
    private const int EPERM = 1, EACCES = 13;
    private static readonly EnumerationOptions Options = new() { AttributesToSkip = 0, IgnoreInaccessible = false };
    private static bool _statxMissing;

    /// <summary>Counts the entries of the fd directory at <paramref name="path"/>.</summary>
    /// <param name="path">A /proc/&lt;pid&gt;/fd directory.</param>
    /// <param name="onProcFs">Whether the directory's size may be taken as the count: true only on procfs, where it means that.</param>
    /// <param name="count">The count.</param>
    public static ProcReadStatus Count(string path, bool onProcFs, out long count)
    {
        count = 0;
        var status = onProcFs ? TryStatxSize(path, out count) : ProcReadStatus.Missing;
        return status == ProcReadStatus.Ok && count > 0 ? status : CountEntries(path, out count);
    }

    private static ProcReadStatus TryStatxSize(string path, out long size)
    {
        size = 0;
        if (_statxMissing)
        {
            return ProcReadStatus.Missing;
        }

        try
        {
            if (Statx(AtFdCwd, path, 0, StatxSize, out var buffer) == 0)
            {
                size = (long)buffer.Size;
                return ProcReadStatus.Ok;
            }
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            // glibc before 2.28 or another libc: the listing still works.
            _statxMissing = true;
            return ProcReadStatus.Missing;
        }

        return Marshal.GetLastPInvokeError() switch
        {
            EACCES or EPERM => ProcReadStatus.Denied,
            _ => ProcReadStatus.Missing,
        };
    }

    /// <summary>Counts by listing the directory, the way kernels before 6.2 allow.</summary>
    public static ProcReadStatus CountEntries(string path, out long count)
    {
        count = 0;
        try
        {
            // The transform returns a byte so that no file name string is allocated.
            foreach (var _ in new FileSystemEnumerable<byte>(path, static (ref FileSystemEntry _) => 0, Options))
            {
                count++;
            }

            return ProcReadStatus.Ok;
        }
        catch (UnauthorizedAccessException)
        {
            return ProcReadStatus.Denied;
        }
        catch (IOException)
        {
            return ProcReadStatus.Missing;
        }
    }

    [DllImport("libc", EntryPoint = "statx", SetLastError = true)]
    private static extern int Statx(int dirfd, [MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags, uint mask, out StatxBuffer buffer);

    /// <summary>The head of struct statx (linux/stat.h) up to stx_size; Size pads it to the kernel's 256 bytes.</summary>
    [StructLayout(LayoutKind.Sequential, Size = 256)]
    private struct StatxBuffer
    {
        public uint Mask;
        public uint BlockSize;
        public ulong Attributes;
        public uint Links;
        public uint Uid;
        public uint Gid;
        public ushort Mode;
        public ushort Spare;
        public ulong Inode;
        public ulong Size;
    }
}
