namespace Heed.Core.Purposes;

/// <summary>The taxonomy seeded on first start; names are compatible with Fides.</summary>
public static class DefaultTaxonomy
{
    /// <summary>The leaf purposes of the default tree; their parents are implied by the dotted names.</summary>
    public static IReadOnlyList<string> Leaves { get; } =
    [
        "essential.service",
        "essential.security",
        "essential.legal_obligation",
        "functional.storage",
        "functional.service.improve",
        "analytics.reporting",
        "personalize.content",
        "marketing.communications.email",
        "marketing.communications.sms",
        "marketing.communications.phone",
        "marketing.communications.push",
        "marketing.advertising.profiling",
        "marketing.advertising.first_party.targeted",
        "marketing.advertising.third_party.targeted",
        "third_party_sharing.sale",
        "train_ai_system",
    ];

    /// <summary>What a Global Privacy Control signal opts a subject out of.</summary>
    public static IReadOnlyList<string> GpcPurposes { get; } =
    [
        "third_party_sharing.sale",
        "marketing.advertising.third_party.targeted",
    ];

    /// <summary>Builds the default taxonomy from <see cref="Leaves"/>.</summary>
    public static PurposeTaxonomy Create() => PurposeTaxonomy.Create(Leaves);
}
