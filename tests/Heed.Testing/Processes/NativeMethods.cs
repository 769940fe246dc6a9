using System.Runtime.InteropServices;

namespace Heed.Testing.Processes;

/// <summary>
/// libc calls .NET does not expose: Process.Kill only sends SIGKILL, and tests also need SIGSTOP,
/// SIGCONT and SIGTERM to pause, resume and gracefully stop the processes they start.
/// </summary>
internal static partial class NativeMethods
{
    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    internal static partial int Kill(int pid, int signal);

    [LibraryImport("libc", EntryPoint = "geteuid")]
    internal static partial uint GetEffectiveUserId();
}
