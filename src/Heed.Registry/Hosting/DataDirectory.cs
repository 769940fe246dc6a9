using Heed.Storage.Sqlite;

namespace Heed.Registry.Hosting;

/// <summary>
/// The registry's data directory is closed at rest: it holds every opted-out email and phone in plain
/// text, so the directory is created 0700 and every file the registry creates in it 0600. SQLite gives
/// its <c>-wal</c> and <c>-shm</c> files the database file's mode, so creating <c>heed.db</c> 0600 first
/// covers them. Modes looser than that, left by an operator or an older version, are reported, not changed.
/// </summary>
public static class DataDirectory
{
    public const UnixFileMode DirectoryMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    public const UnixFileMode FileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>Creates the directory (0700) and an empty <c>heed.db</c> (0600) if missing; returns the files already there.</summary>
    public static IReadOnlySet<string> Prepare(string directory)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(directory);
            return new HashSet<string>();
        }

        Directory.CreateDirectory(directory, DirectoryMode);
        var existing = Directory.EnumerateFiles(directory).ToHashSet(StringComparer.Ordinal);
        string database = Path.Combine(directory, SqliteLedgerStore.DefaultFileName);
        if (!File.Exists(database))
        {
            using FileStream created = Create(database);
        }

        return existing;
    }

    /// <summary>Sets 0600 on the files created since <see cref="Prepare"/> (those the store made as it opened).</summary>
    public static void TightenNewFiles(string directory, IReadOnlySet<string> existing)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        foreach (string file in Directory.EnumerateFiles(directory).Where(f => !existing.Contains(f)))
        {
            File.SetUnixFileMode(file, File.GetUnixFileMode(file) & FileMode);
        }
    }

    /// <summary>Each entry whose mode lets anyone but the owner in, described for a warning.</summary>
    public static IReadOnlyList<string> LooserThanPrivate(string directory)
    {
        var loose = new List<string>();
        if (OperatingSystem.IsWindows() || !Directory.Exists(directory))
        {
            return loose;
        }

        const UnixFileMode others = UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute
            | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;
        UnixFileMode mode = File.GetUnixFileMode(directory);
        if ((mode & others) != 0)
        {
            loose.Add($"{Path.GetFullPath(directory)} is {Octal(mode)}, not 0700");
        }

        foreach (string file in Directory.EnumerateFiles(directory))
        {
            UnixFileMode fileMode = File.GetUnixFileMode(file);
            if ((fileMode & others) != 0)
            {
                loose.Add($"{file} is {Octal(fileMode)}, not 0600");
            }
        }

        return loose;
    }

    /// <summary>Writes <paramref name="content"/> to a new file only the owner can read (0600), replacing any old one.</summary>
    public static void WritePrivateFile(string path, string content)
    {
        string directory = Path.GetDirectoryName(path)!;
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(directory);
        }
        else
        {
            Directory.CreateDirectory(directory, DirectoryMode);
        }

        File.Delete(path);
        using FileStream stream = Create(path);
        using var writer = new StreamWriter(stream);
        writer.Write(content);
    }

    /// <summary>Writes <paramref name="content"/> to a new private file (0600) that appears whole or not at all:
    /// written and flushed to disk under a temporary name, then moved in place. Fails if <paramref name="path"/> exists.</summary>
    public static void WritePrivateFileAtomically(string path, string content)
    {
        string temporary = path + ".new-" + Guid.NewGuid().ToString("N");
        try
        {
            using (FileStream stream = Create(temporary))
            {
                stream.Write(System.Text.Encoding.UTF8.GetBytes(content));
                stream.Flush(flushToDisk: true);
            }

            File.Move(temporary, path, overwrite: false);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    private static FileStream Create(string path)
    {
        var options = new FileStreamOptions { Mode = System.IO.FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = FileMode;
        }

        return new FileStream(path, options);
    }

    private static string Octal(UnixFileMode mode) => "0" + Convert.ToString((int)mode & 0x1FF, 8);
}
