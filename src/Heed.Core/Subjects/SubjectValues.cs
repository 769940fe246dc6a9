using System.Buffers;

namespace Heed.Core.Subjects;

/// <summary>The value rules of each kind, applied to a trimmed value that passed <see cref="SubjectText.Check"/>.</summary>
internal static class SubjectValues
{
    private static readonly SearchValues<char> PhoneSeparators = SearchValues.Create(" -.()");

    /// <summary>Email: NFKC and lower-cased (case does not matter), exactly one '@' with text on both sides.</summary>
    public static SubjectError NormalizeEmail(ReadOnlySpan<char> value, bool ascii, Span<char> destination, out int written)
    {
        written = 0;
        int length;
        if (ascii)
        {
            length = value.ToLowerInvariant(destination);
        }
        else
        {
            SubjectError error = SubjectText.ToFoldedNfkc(value, destination, out length);
            if (error != SubjectError.None)
            {
                return error;
            }
        }

        ReadOnlySpan<char> email = destination[..length];
        if (email.Length > SubjectParser.MaxValueLength)
        {
            return SubjectError.ValueTooLong;
        }

        int at = email.IndexOf('@');
        if (at <= 0 || at == email.Length - 1 || email[(at + 1)..].Contains('@'))
        {
            return SubjectError.InvalidEmail;
        }

        written = email.Length;
        return SubjectError.None;
    }

    /// <summary>Every other kind keeps its case; NFC, no compatibility characters, and a value of digits
    /// is a number without leading zeros. <paramref name="written"/> is -1 when the value is kept as it is
    /// and nothing was written.</summary>
    public static SubjectError CheckOpaque(ReadOnlySpan<char> value, bool ascii, Span<char> destination, out int written)
    {
        written = -1;
        if (!ascii)
        {
            SubjectError error = SubjectText.ToStrictNfc(value, destination, out written);
            if (error != SubjectError.None)
            {
                return error;
            }

            if (written > SubjectParser.MaxValueLength)
            {
                return SubjectError.ValueTooLong;
            }

            return SubjectError.None;
        }

        return IsZeroPaddedNumber(value) ? SubjectError.LeadingZero : SubjectError.None;
    }

    public static SubjectError NormalizePhone(ReadOnlySpan<char> value, Span<char> destination, out int written)
    {
        written = 0;
        int digits = 0;
        int length = 0;
        for (int i = 0; i < value.Length; i++)
        {
            char c = value[i];
            if (PhoneSeparators.Contains(c))
            {
                continue;
            }

            if (c == '+' && length == 0)
            {
                destination[length++] = c;
                continue;
            }

            if (!char.IsAsciiDigit(c) || length == 0 || ++digits > 15)
            {
                return SubjectError.InvalidPhone;
            }

            destination[length++] = c;
        }

        if (digits < 8)
        {
            return SubjectError.InvalidPhone;
        }

        written = length;
        return SubjectError.None;
    }

    public static SubjectError NormalizeHashedEmail(ReadOnlySpan<char> value, Span<char> destination, out int written)
    {
        written = 0;
        if (value.Length != 64)
        {
            return SubjectError.InvalidHashedEmail;
        }

        for (int i = 0; i < value.Length; i++)
        {
            char c = value[i];
            if (!char.IsAsciiHexDigit(c))
            {
                return SubjectError.InvalidHashedEmail;
            }

            destination[i] = char.ToLowerInvariant(c);
        }

        written = 64;
        return SubjectError.None;
    }

    /// <summary><c>08812</c> or <c>-007</c>: a number an upstream would read as another spelling of one
    /// without the zeros, so it is refused rather than made a subject of its own.</summary>
    private static bool IsZeroPaddedNumber(ReadOnlySpan<char> value)
    {
        ReadOnlySpan<char> digits = value.StartsWith('-') ? value[1..] : value;
        if (digits.Length < 2 || digits[0] != '0')
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

        return true;
    }
}
