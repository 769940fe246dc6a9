using Heed.Core.Purposes;
using Heed.Registry.Api.Contracts;

namespace Heed.Cli.Import;

/// <summary>
/// The registry's taxonomy as the importer checks it: a purpose must be a valid name, exist, and not be
/// essential, or the registry would refuse the whole batch. Lookups take spans, so checking a row
/// allocates nothing and every row shares the catalog's one string per purpose.
/// </summary>
public sealed class PurposeCatalog
{
    private readonly Dictionary<string, bool> _essentialByName;
    private readonly Dictionary<string, bool>.AlternateLookup<ReadOnlySpan<char>> _bySpan;

    public PurposeCatalog(IEnumerable<PurposeView> purposes)
    {
        _essentialByName = purposes.ToDictionary(p => p.Name, p => p.Essential, StringComparer.Ordinal);
        _bySpan = _essentialByName.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    public int Count => _essentialByName.Count;

    /// <summary>Returns null and the catalog's own string for a purpose that can be opted out of; otherwise why not.</summary>
    public string? Check(ReadOnlySpan<char> name, out string purpose)
    {
        purpose = string.Empty;
        if (!PurposeNames.IsValid(name))
        {
            return $"'{ImportText.Clip(name)}' is not a purpose name (dotted lower-case, e.g. {FlavourDetector.EmailPurpose})";
        }

        if (!_bySpan.TryGetValue(name, out string? known, out bool essential))
        {
            return $"unknown purpose '{ImportText.Clip(name)}' (GET /v1/purposes lists them)";
        }

        if (essential)
        {
            return $"'{known}' is essential and cannot be opted out of";
        }

        purpose = known;
        return null;
    }
}
