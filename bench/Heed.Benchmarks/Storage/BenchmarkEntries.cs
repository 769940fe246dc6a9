using Heed.Storage.Ledger;

namespace Heed.Benchmarks.Storage;

/// <summary>Opt-out entries shaped like the registry's: canonical subject and purpose, a small canonical JSON body.</summary>
internal static class BenchmarkEntries
{
    private const string Body = """{"source":"bench"}""";

    public static NewEntry OptOut(long n, DateTimeOffset at) =>
        new(EntryKinds.OptOutSet, "user:" + n.ToString(System.Globalization.CultureInfo.InvariantCulture), "marketing.communications.email", at, Body);

    public static string NewDataDirectory() => Directory.CreateTempSubdirectory("heed-bench-").FullName;
}
