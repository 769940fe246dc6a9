namespace Heed.Storage.DataDirectory;

/// <summary>Another process holds the lock on a data directory; <see cref="HolderPid"/> names it when it could be read.</summary>
public sealed class DataDirectoryInUseException : Exception
{
    public DataDirectoryInUseException(string directory, int? holderPid, DateTimeOffset? holderSince, Exception? inner = null)
        : base(Describe(directory, holderPid, holderSince), inner)
    {
        Directory = directory;
        HolderPid = holderPid;
    }

    /// <summary>The full path of the data directory.</summary>
    public string Directory { get; }

    /// <summary>The process id written by the holder, or null if it had not written one yet.</summary>
    public int? HolderPid { get; }

    private static string Describe(string directory, int? pid, DateTimeOffset? since)
    {
        string holder = pid is { } p
            ? $"process {p}" + (since is { } s ? $" (since {s:u})" : string.Empty)
            : "another process";
        return $"the data directory {directory} is in use by {holder}, which holds {DataDirectoryLock.LockFileName}; " +
            "stop that registry first, or give this one another --data";
    }
}
