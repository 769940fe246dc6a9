using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Heed.Storage.Sqlite;

/// <summary>
/// Flushes the WAL file's data to disk. On Linux with <c>fdatasync(2)</c>, as SQLite itself does: it skips
/// the metadata that only a timestamp changed, where <c>fsync(2)</c> (what .NET's flush uses) would also
/// commit the file system's journal for the file's modification time at every commit.
/// </summary>
internal static partial class WalSync
{
    public static void Flush(SafeFileHandle wal)
    {
        if (!OperatingSystem.IsLinux())
        {
            RandomAccess.FlushToDisk(wal);
            return;
        }

        bool added = false;
        try
        {
            wal.DangerousAddRef(ref added);
            if (FDataSync((int)wal.DangerousGetHandle()) != 0)
            {
                throw new IOException($"fdatasync of the WAL failed (errno {Marshal.GetLastPInvokeError()})");
            }
        }
        finally
        {
            if (added)
            {
                wal.DangerousRelease();
            }
        }
    }

    [LibraryImport("libc", EntryPoint = "fdatasync", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static partial int FDataSync(int fd);
}
