namespace Heed.Registry.Hosting;

/// <summary>
/// What an operator-chosen admin key (<c>HEED_ADMIN_KEY</c>) must be: long enough not to be guessed, and
/// not a value printed in documentation, which is the first thing an attacker tries.
/// </summary>
public static class AdminKeyPolicy
{
    public const int MinimumLength = 32;

    /// <summary>Values that have appeared in Heed's documentation as examples.</summary>
    public static IReadOnlyList<string> DocumentedSamples { get; } =
    [
        "change-me-to-a-long-secret",
        "change-me-admin-key-0123456789",
        "change-me",
    ];

    /// <summary>Why <paramref name="key"/> is refused, or null when it is acceptable.</summary>
    public static string? Problem(string key)
    {
        if (DocumentedSamples.Any(s => key.Contains(s, StringComparison.OrdinalIgnoreCase)))
        {
            return "is a sample value from the documentation; generate one, e.g. HEED_ADMIN_KEY=$(openssl rand -hex 32)";
        }

        if (key.Length < MinimumLength)
        {
            return $"must be at least {MinimumLength} characters (it has {key.Length}); generate one, e.g. HEED_ADMIN_KEY=$(openssl rand -hex 32)";
        }

        return key.Distinct().Count() < 8
            ? "is too repetitive (fewer than 8 distinct characters); generate one, e.g. HEED_ADMIN_KEY=$(openssl rand -hex 32)"
            : null;
    }
}
