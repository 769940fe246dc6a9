using Heed.Storage.Ledger;
using static Heed.Storage.Tests.Conformance.TestEntries;

namespace Heed.Storage.Tests.Conformance;

/// <summary>Schema registry entries as the registry writes them (canonical JSON, sorted keys).</summary>
public static class SchemaEntries
{
    public const string OrderPlaced = "com.example.order.placed";

    public static NewEntry Register(int version, string? subjectAt = "/customer/id", string purposes = "\"marketing\"", string type = OrderPlaced, int secondsLater = 0)
    {
        string at = subjectAt is null ? string.Empty : $$""","subjectPointer":"{{subjectAt}}" """.TrimEnd();
        return new(EntryKinds.SchemaRegister, null, null, Start.AddSeconds(secondsLater), $$"""{"purposes":[{{purposes}}],"registeredBy":"k1"{{at}},"type":"{{type}}","version":{{version}}}""");
    }

    public static NewEntry Status(int version, string status, string type = OrderPlaced, int secondsLater = 0) =>
        new(EntryKinds.SchemaStatus, null, null, Start.AddSeconds(secondsLater), $$"""{"by":"k2","status":"{{status}}","type":"{{type}}","version":{{version}}}""");

    public static NewEntry Minimum(int minVersion, string type = OrderPlaced, int secondsLater = 0) =>
        new(EntryKinds.SchemaMinimum, null, null, Start.AddSeconds(secondsLater), $$"""{"by":"k2","minVersion":{{minVersion}},"type":"{{type}}"}""");
}
