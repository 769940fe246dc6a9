using System.Buffers;
using System.Globalization;
using System.Text.Json;
using Heed.Core.Json;

namespace Heed.Core.Subjects;

/// <summary>
/// The subject text an enforcement point found in a request or a message, before
/// <see cref="SubjectParser"/> makes it canonical: the gate, the SDK and the relay read with these rules,
/// so one value gives one subject everywhere. <see cref="Value"/> is null when there is no subject;
/// <see cref="Refusal"/> says why a subject that is there cannot be read (always a denial, even where a
/// subject is optional).
/// </summary>
public readonly record struct RawSubject(string? Value, string? Refusal)
{
    // A list (RFC 9110 §5.6.1: "8812,42" is two values) or parameters ("8812;x=1"): an upstream may take
    // either part, so neither is checked.
    private static readonly SearchValues<char> ListSeparators = SearchValues.Create(",;");

    /// <summary>No subject was found.</summary>
    public static RawSubject None => default;

    /// <summary>True when a subject is there but cannot be read: always a denial.</summary>
    public bool IsRefused => Refusal is not null;

    /// <summary>A subject that cannot be read, and why.</summary>
    public static RawSubject Refused(string why) => new(null, why);

    /// <summary>A value from a header, a query, a route value, a claim or a message attribute. Several
    /// values (header lines, query parameters) and values with ',' or ';' are refused.</summary>
    public static RawSubject FromText(string? value) =>
        value is null ? None
        : value.AsSpan().ContainsAny(ListSeparators) ? Refused("the subject value is a list or has parameters (',' or ';')")
        : new RawSubject(value, null);

    /// <summary>As <see cref="FromText(string?)"/>, for values that may repeat.</summary>
    public static RawSubject FromTexts(IReadOnlyList<string?> values) =>
        values.Count switch
        {
            0 => None,
            1 => FromText(values[0]),
            _ => Refused($"the subject is given {values.Count} times"),
        };

    /// <summary>The value a JSON pointer names in a body: a string, or a number that is a plain integer
    /// (<c>8812</c>, not <c>8812.0</c>, <c>8.812e3</c> or <c>8812e0</c>, which an upstream reads as 8812;
    /// at most 2^53 - 1, beyond which a double reads another number).
    /// A body that is not JSON, repeats a member name, or has a case variant of a name on the path is refused.</summary>
    public static RawSubject FromJson(ReadOnlyMemory<byte> body, JsonPointer field)
    {
        ArgumentNullException.ThrowIfNull(field);
        if (body.IsEmpty)
        {
            return None;
        }

        using JsonDocument? document = StrictJson.TryParseDocument(body);
        if (document is null)
        {
            return Refused("the body is not JSON, or repeats a member name");
        }

        switch (field.TryEvaluate(document.RootElement, out JsonElement value))
        {
            case JsonPointerMatch.Missing:
                return None;
            case JsonPointerMatch.Ambiguous:
                return Refused($"the body has names on the path {field} that differ only in case");
        }

        return value.ValueKind switch
        {
            JsonValueKind.String => new RawSubject(value.GetString(), null),
            JsonValueKind.Number when IsPlainInteger(value.GetRawText()) => new RawSubject(value.GetRawText(), null),
            JsonValueKind.Number => Refused($"the number at {field} is not a plain integer"),
            _ => None,
        };
    }

    // Beyond 2^53 a double (JavaScript's only number) reads another integer than the one written.
    private const long MaxSafeInteger = (1L << 53) - 1;

    private static bool IsPlainInteger(string text)
    {
        ReadOnlySpan<char> digits = text.StartsWith('-') ? text.AsSpan(1) : text;
        if (digits.IsEmpty || (digits[0] == '0' && text.Length > 1))
        {
            return false;
        }

        foreach (char c in digits)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        return long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out long magnitude) && magnitude <= MaxSafeInteger;
    }
}
