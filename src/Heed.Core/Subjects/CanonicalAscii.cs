using System.Buffers;

namespace Heed.Core.Subjects;

/// <summary>
/// The check path's shortcut: true only for text that <see cref="SubjectParser.TryCanonicalize"/> accepts
/// and returns unchanged, so hashing it directly gives the parser's key. It answers for printable ASCII
/// already in canonical form — a lower-case kind, a ':' with no space after it, a value with no space at
/// either end, an email already lower-case with one '@' inside it, a value of digits without leading
/// zeros — and false for everything else (phones, hashed emails, Unicode, anything to normalize), which
/// then takes the parser. One pass over bytes, no transcoding beyond the narrowing the hash needs anyway.
/// </summary>
internal static class CanonicalAscii
{
    private static readonly SearchValues<byte> NotPrintable =
        SearchValues.Create([.. Enumerable.Range(0, 256).Where(b => b is < ' ' or > '~').Select(b => (byte)b)]);

    private static readonly SearchValues<byte> NotKind =
        SearchValues.Create([.. Enumerable.Range(0, 256).Where(b => !(b is >= 'a' and <= 'z' or >= '0' and <= '9' or '_')).Select(b => (byte)b)]);

    private static readonly SearchValues<byte> Upper = SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZ"u8);

    private static readonly SearchValues<byte> NotDigit =
        SearchValues.Create([.. Enumerable.Range(0, 256).Where(b => b is < '0' or > '9').Select(b => (byte)b)]);

    /// <summary>True when <paramref name="text"/> (ASCII bytes) is a canonical subject the parser keeps as it is.</summary>
    public static bool Is(ReadOnlySpan<byte> text)
    {
        int colon = text.IndexOf((byte)':');
        if (colon is < 1 or > SubjectParser.MaxKindLength || text[0] is < (byte)'a' or > (byte)'z')
        {
            return false;
        }

        ReadOnlySpan<byte> kind = text[..colon];
        ReadOnlySpan<byte> value = text[(colon + 1)..];
        if (value.IsEmpty || value.Length > SubjectParser.MaxValueLength || value[0] == ' ' || value[^1] == ' '
            || kind.ContainsAny(NotKind) || value.ContainsAny(NotPrintable))
        {
            return false;
        }

        if (kind.SequenceEqual("email"u8))
        {
            return IsLowerEmail(value);
        }

        return !kind.SequenceEqual("phone"u8) && !kind.SequenceEqual("hashed_email"u8) && !IsZeroPaddedNumber(value);
    }

    private static bool IsLowerEmail(ReadOnlySpan<byte> value)
    {
        int at = value.IndexOf((byte)'@');
        return at > 0 && at < value.Length - 1 && !value[(at + 1)..].Contains((byte)'@')
            && !value.ContainsAny(Upper);
    }

    // As SubjectValues.IsZeroPaddedNumber: "08812" or "-007".
    private static bool IsZeroPaddedNumber(ReadOnlySpan<byte> value)
    {
        ReadOnlySpan<byte> digits = value.StartsWith((byte)'-') ? value[1..] : value;
        return digits.Length >= 2 && digits[0] == '0' && !digits.ContainsAny(NotDigit);
    }
}
