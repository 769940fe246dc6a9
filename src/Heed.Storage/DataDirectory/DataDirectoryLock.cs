using System.Text;

namespace Heed.Storage.DataDirectory;

/// <summary>
/// Makes a data directory one process's, the way PostgreSQL's <c>postmaster.pid</c> does: an exclusive
/// OS lock on <see cref="LockFileName"/> for as long as this object lives, and the holder's process id
/// in <see cref="PidFileName"/> so a second process can say who is in the way. The OS drops the lock
/// when the process ends however it ends, so a lock left behind by <c>kill -9</c> blocks nothing.
/// Every command that writes to a data directory takes it first; <see cref="Check"/> tells a long-running
/// holder whether the lock it holds is still the directory's lock.
/// </summary>
public sealed class DataDirectoryLock : IDisposable
{
    /// <summary>The file that is locked. It stays in the directory; removing it would let two processes lock two different files.</summary>
    public const string LockFileName = "heed.lock";

    /// <summary>Who holds the lock: process id, since when, and a token of this holding. Removed on a clean stop.</summary>
    public const string PidFileName = "heed.pid";

    private readonly FileStream _lock;
    private readonly LockHolder _holder;
    private readonly string _lockPath;
    private readonly string _pidPath;
    private bool _disposed;

    private DataDirectoryLock(string directory, FileStream stream, LockHolder holder)
    {
        Directory = directory;
        _lock = stream;
        _holder = holder;
        _lockPath = Path.Combine(directory, LockFileName);
        _pidPath = Path.Combine(directory, PidFileName);
    }

    /// <summary>The full path of the locked directory.</summary>
    public string Directory { get; }

    /// <summary>When this process took the lock.</summary>
    public DateTimeOffset Since => _holder.Since;

    /// <summary>Takes the lock on <paramref name="directory"/>, creating it if needed.</summary>
    /// <exception cref="DataDirectoryInUseException">Another process holds it.</exception>
    public static DataDirectoryLock Acquire(string directory, TimeProvider? time = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        string full = Path.GetFullPath(directory);
        System.IO.Directory.CreateDirectory(full);
        string lockPath = Path.Combine(full, LockFileName);
        string pidPath = Path.Combine(full, PidFileName);
        FileStream stream;
        try
        {
            // FileShare.None is an exclusive flock(2) on Unix (a sharing lock on Windows), held by this open
            // file: it conflicts with every other open of the file, in this process or another.
            stream = new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException ex) when (ex is not FileNotFoundException and not DirectoryNotFoundException)
        {
            LockHolder? holder = ReadHolder(pidPath);
            throw new DataDirectoryInUseException(full, holder?.Pid, holder?.Since, ex);
        }

        var mine = new LockHolder(Environment.ProcessId, (time ?? TimeProvider.System).GetUtcNow(), Guid.NewGuid().ToString("N"));
        try
        {
            // The lock file names the holder too, for people (`cat heed.lock`); other processes cannot open it
            // through .NET while it is locked, so they read the pid file.
            byte[] text = Encoding.UTF8.GetBytes(mine.Format());
            stream.SetLength(0);
            stream.Write(text);
            stream.Flush(flushToDisk: true);
            WriteHolder(pidPath, mine);
        }
        catch
        {
            stream.Dispose();
            throw;
        }

        return new DataDirectoryLock(full, stream, mine);
    }

    /// <summary>
    /// Null while this process still holds the directory's lock; otherwise why it does not: the lock file
    /// was removed or replaced, or the pid file names another holder. Once lost, a lock is never regained:
    /// another process may have taken the directory meanwhile.
    /// </summary>
    public string? Check()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        try
        {
            // Opening the path exclusively must fail on our own lock; if it succeeds, the file at the path is not the one we lock.
            using var probe = new FileStream(_lockPath, FileMode.Open, FileAccess.Read, FileShare.None);
            return $"{LockFileName} in {Directory} was replaced by a file that this process does not lock";
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            return $"{LockFileName} was removed from {Directory}";
        }
        catch (IOException)
        {
            // Locked, by us, unless the file was replaced and another process locked the new one: its pid file says.
        }

        LockHolder? holder = ReadHolder(_pidPath);
        if (holder is not null && holder.Token != _holder.Token)
        {
            return $"{PidFileName} in {Directory} names another holder, process {holder.Pid} since {holder.Since:u}";
        }

        if (holder is null)
        {
            // Removed or mangled by hand while the lock is still ours: put it back, so a second process can name us.
            TryWriteHolder(_pidPath, _holder);
        }

        return null;
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;

        // The pid file goes first, while the lock still keeps any other holder out, and only if it is ours.
        if (ReadHolder(_pidPath)?.Token == _holder.Token)
        {
            TryDelete(_pidPath);
        }

        _lock.Dispose();
    }

    private static LockHolder? ReadHolder(string path)
    {
        try
        {
            return LockHolder.Parse(File.ReadAllText(path));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static void WriteHolder(string path, LockHolder holder)
    {
        // Written aside and renamed over, so a reader sees the old holder or the new one, never half of one.
        string temporary = path + ".tmp";
        File.WriteAllText(temporary, holder.Format());
        File.Move(temporary, path, overwrite: true);
    }

    private static void TryWriteHolder(string path, LockHolder holder)
    {
        try
        {
            WriteHolder(path, holder);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // A full or read-only disk: the lock itself still holds; the next check tries again.
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Harmless: the next holder overwrites it.
        }
    }
}
