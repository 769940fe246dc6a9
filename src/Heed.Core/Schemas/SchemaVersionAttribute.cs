namespace Heed.Core.Schemas;

/// <summary>
/// The one convention for an event's schema version (docs/schemas.md): the CloudEvents extension attribute
/// <c>schemaversion</c>, a decimal integer ≥ 1 written with ASCII digits and nothing else (no sign, no
/// leading zero, no spaces). The gate and the relay both parse it here, so they agree on what is ambiguous.
/// </summary>
public static class SchemaVersionAttribute
{
    /// <summary>The extension attribute's name (HTTP binary mode: the <c>ce-schemaversion</c> header).</summary>
    public const string Name = "schemaversion";

    /// <summary>Parses <paramref name="text"/>; false (the event is <see cref="SchemaRejection.Ambiguous"/>)
    /// when it is missing or not a decimal integer ≥ 1 that fits an <see cref="int"/>.</summary>
    public static bool TryParse(string? text, out int version) => TryParse(text.AsSpan(), out version);

    /// <inheritdoc cref="TryParse(string?, out int)"/>
    public static bool TryParse(ReadOnlySpan<char> text, out int version)
    {
        version = 0;
        if (text.IsEmpty || text.Length > 10 || text[0] == '0')
        {
            return false;
        }

        long value = 0;
        foreach (char c in text)
        {
            if (c is < '0' or > '9')
            {
                return false;
            }

            value = (value * 10) + (c - '0');
        }

        if (value > int.MaxValue)
        {
            return false;
        }

        version = (int)value;
        return true;
    }
}
