using System.Globalization;

namespace Heed.Storage.DataDirectory;

/// <summary>
/// What <see cref="DataDirectoryLock.PidFileName"/> says about the process holding the lock: its id, when
/// it took the lock, and a token unique to that holding, so a holder can tell its own file from a newer one.
/// </summary>
internal sealed record LockHolder(int Pid, DateTimeOffset Since, string Token)
{
    public string Format() => string.Create(CultureInfo.InvariantCulture, $"{Pid}\n{Since:O}\n{Token}\n");

    /// <summary>Null when the text is not a holder's file (empty, half written, edited by hand).</summary>
    public static LockHolder? Parse(string text)
    {
        string[] lines = text.Split('\n', StringSplitOptions.TrimEntries);
        return lines.Length >= 3
            && int.TryParse(lines[0], NumberStyles.None, CultureInfo.InvariantCulture, out int pid)
            && DateTimeOffset.TryParse(lines[1], CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out DateTimeOffset since)
            && lines[2].Length > 0
                ? new LockHolder(pid, since, lines[2])
                : null;
    }
}
