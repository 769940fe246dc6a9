using System.Runtime.InteropServices;

namespace Heed.Core.Replicas;

/// <summary>Transparent huge pages for large tables (Linux). Advice only: where the kernel does not
/// give them (THP off, or another OS) the table works the same on small pages.</summary>
internal static partial class HugePages
{
    private const int MadvHugePage = 14;
    private const nint HugePageBytes = 2 << 20;

    /// <summary>Asks for huge pages on the 2 MB-aligned part of [<paramref name="address"/>, +<paramref name="bytes"/>).</summary>
    public static void Advise(nint address, long bytes)
    {
        nint start = (address + HugePageBytes - 1) & ~(HugePageBytes - 1);
        nint end = (nint)((address + bytes) & ~((long)HugePageBytes - 1));
        if (end > start)
        {
            // The result is ignored on purpose: a refusal (EINVAL where THP is compiled out) changes nothing.
            _ = Madvise(start, (nuint)(end - start), MadvHugePage);
        }
    }

    [LibraryImport("libc", EntryPoint = "madvise")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static partial int Madvise(nint address, nuint length, int advice);
}
