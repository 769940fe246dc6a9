using System.Runtime.InteropServices;

namespace Heed.Testing.Processes;

/// <summary>Signals and liveness for a process known only by its PID (one we started, possibly not our child).</summary>
public static class UnixProcess
{
    private const int NoSuchProcess = 3; // ESRCH

    public static bool IsRoot => NativeMethods.GetEffectiveUserId() == 0;

    /// <summary>Sends <paramref name="signal"/> to exactly <paramref name="pid"/>; false if it no longer exists.</summary>
    public static bool Signal(int pid, UnixSignal signal)
    {
        // A PID of 0 or below would address a process group or every process: never what a test means.
        ArgumentOutOfRangeException.ThrowIfLessThan(pid, 1);
        if (NativeMethods.Kill(pid, (int)signal) == 0)
        {
            return true;
        }

        var errno = Marshal.GetLastPInvokeError();
        return errno == NoSuchProcess
            ? false
            : throw new InvalidOperationException($"kill({pid}, {signal}) failed with errno {errno}.");
    }

    /// <summary>
    /// True while the process exists and is not a zombie: an orphan that exited lingers as state Z
    /// until init reaps it, and for a test it has stopped.
    /// </summary>
    public static bool IsRunning(int pid)
    {
        var state = State(pid);
        return state is not null and not 'Z' and not 'X';
    }

    /// <summary>The state letter from /proc/PID/stat (R, S, D, T, Z, …), or null if there is no such process.</summary>
    public static char? State(int pid)
    {
        string stat;
        try
        {
            stat = File.ReadAllText($"/proc/{pid}/stat");
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException or IOException)
        {
            return null;
        }

        // The command name in parentheses may contain spaces and ')'; the state follows the last ')'.
        var end = stat.LastIndexOf(')');
        return end >= 0 && end + 2 < stat.Length ? stat[end + 2] : null;
    }

    /// <summary>Waits for a process that is not our child (so we cannot wait on it) to stop running.</summary>
    public static Task WaitForExitAsync(int pid, TimeSpan timeout, CancellationToken cancellationToken = default) =>
        Polling.Poll.UntilAsync(
            _ => Task.FromResult(!IsRunning(pid)),
            timeout,
            $"exit of process {pid}",
            TimeSpan.FromMilliseconds(20),
            cancellationToken);
}
