using Heed.Core.Purposes;
using Heed.Registry.Api;
using Heed.Storage.Ledger;
using Microsoft.AspNetCore.Http;

namespace Heed.Registry.Keys;

/// <summary>
/// What a <see cref="Roles.Recorder"/> key may write: setting (never clearing) an opt-out with source
/// <see cref="Source"/> of a purpose Global Privacy Control maps to. A stolen gate key can then add GPC
/// opt-outs, which the subject's browser asked for anyway, and nothing else: no reads, no clears, no export.
/// </summary>
public static class RecorderScope
{
    public const string Source = "gpc";

    /// <summary>A 403 when <paramref name="key"/> is a recorder and the write is outside its scope; else null.</summary>
    public static IResult? Refuse(ApiKey? key, string kind, string purpose, string? source)
    {
        if (key?.Role != Roles.Recorder)
        {
            return null;
        }

        return kind == EntryKinds.OptOutSet && source == Source && DefaultTaxonomy.GpcPurposes.Contains(purpose)
            ? null
            : Problems.Forbidden($"a recorder key may only set opt-outs with source '{Source}' of: {string.Join(", ", DefaultTaxonomy.GpcPurposes)}");
    }
}
