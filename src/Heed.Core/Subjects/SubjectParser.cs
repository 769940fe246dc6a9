using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;

namespace Heed.Core.Subjects;

/// <summary>
/// Normalizes subject identifiers (<c>kind:value</c>) into their canonical form without allocating.
/// The canonical form is what is stored, returned and hashed.
/// </summary>
public static class SubjectParser
{
    /// <summary>The longest kind, in characters.</summary>
    public const int MaxKindLength = 32;
    /// <summary>The longest canonical value, in characters.</summary>
    public const int MaxValueLength = 256;

    /// <summary>The longest canonical subject: kind, ':' and value.</summary>
    public const int MaxLength = MaxKindLength + 1 + MaxValueLength;

    /// <summary>Inputs longer than this are refused before any work is done.</summary>
    public const int MaxInputLength = 1024;

    private static readonly SearchValues<char> PhoneSeparators = SearchValues.Create(" -.()");
    private static readonly SearchValues<char> PrintableAscii =
        SearchValues.Create(Enumerable.Range(' ', '~' - ' ' + 1).Select(c => (char)c).ToArray());

    /// <summary>Writes the canonical form of <paramref name="input"/> into <paramref name="destination"/>.</summary>
    /// <param name="input">The identifier as given, e.g. <c>email: Alice@Example.com</c>.</param>
    /// <param name="destination">At least <see cref="MaxLength"/> characters.</param>
    /// <param name="written">The length of the canonical form in <paramref name="destination"/>.</param>
    /// <returns><see cref="SubjectError.None"/>, or why the identifier was refused.</returns>
    public static SubjectError TryNormalize(ReadOnlySpan<char> input, Span<char> destination, out int written)
    {
        SubjectError error = TryCanonicalize(input, destination, out ReadOnlySpan<char> canonical);
        if (error == SubjectError.None && !Unsafe.AreSame(ref MemoryMarshal.GetReference(canonical), ref MemoryMarshal.GetReference(destination)))
        {
            canonical.CopyTo(destination);
        }

        written = canonical.Length;
        return error;
    }

    /// <summary>Normalizes <paramref name="input"/>. When it is already canonical (a kind whose value is
    /// only trimmed, with no space after the ':'), <paramref name="canonical"/> is a slice of it and
    /// nothing is copied; otherwise it is written at the start of <paramref name="destination"/>.</summary>
    internal static SubjectError TryCanonicalize(ReadOnlySpan<char> input, Span<char> destination, out ReadOnlySpan<char> canonical)
    {
        canonical = default;
        if (input.Length > MaxInputLength)
        {
            return SubjectError.ValueTooLong;
        }

        input = input.Trim();
        if (input.IsEmpty)
        {
            return SubjectError.Empty;
        }

        int colon = input.IndexOf(':');
        if (colon < 0)
        {
            return SubjectError.MissingSeparator;
        }

        ReadOnlySpan<char> kind = input[..colon];
        if (!IsValidKind(kind))
        {
            return SubjectError.InvalidKind;
        }

        ReadOnlySpan<char> value = input[(colon + 1)..].Trim();
        if (value.IsEmpty)
        {
            return SubjectError.EmptyValue;
        }

        if (value.Length > MaxValueLength)
        {
            return SubjectError.ValueTooLong;
        }

        SubjectError textError = CheckText(value);
        if (textError != SubjectError.None)
        {
            return textError;
        }

        Span<char> valueDestination = destination[(kind.Length + 1)..];
        int valueLength;
        SubjectError error;
        switch (kind)
        {
            case "email":
                error = NormalizeEmail(value, valueDestination, out valueLength);
                break;
            case "phone":
                error = NormalizePhone(value, valueDestination, out valueLength);
                break;
            case "hashed_email":
                error = NormalizeHashedEmail(value, valueDestination, out valueLength);
                break;
            default:
                // Every other kind keeps its value as it is, trimmed: the trimmed input is canonical
                // unless spaces followed the ':'.
                if (value.Length == input.Length - colon - 1)
                {
                    canonical = input;
                    return SubjectError.None;
                }

                value.CopyTo(valueDestination);
                valueLength = value.Length;
                error = SubjectError.None;
                break;
        }

        if (error != SubjectError.None)
        {
            return error;
        }

        kind.CopyTo(destination);
        destination[kind.Length] = ':';
        canonical = destination[..(kind.Length + 1 + valueLength)];
        return SubjectError.None;
    }

    /// <summary>Normalizes and returns the canonical string; allocates. For edges that are not hot.</summary>
    public static SubjectError TryNormalize(string? input, out string canonical)
    {
        canonical = string.Empty;
        if (input is null)
        {
            return SubjectError.Empty;
        }

        Span<char> buffer = stackalloc char[MaxLength];
        SubjectError error = TryNormalize(input, buffer, out int written);
        if (error == SubjectError.None)
        {
            canonical = new string(buffer[..written]);
        }

        return error;
    }

    /// <summary>True if <paramref name="kind"/> matches <c>[a-z][a-z0-9_]{0,31}</c>.</summary>
    public static bool IsValidKind(ReadOnlySpan<char> kind)
    {
        if (kind.IsEmpty || kind.Length > MaxKindLength || !char.IsAsciiLetterLower(kind[0]))
        {
            return false;
        }

        foreach (char c in kind[1..])
        {
            if (!char.IsAsciiLetterLower(c) && !char.IsAsciiDigit(c) && c != '_')
            {
                return false;
            }
        }

        return true;
    }

    private static SubjectError CheckText(ReadOnlySpan<char> value)
    {
        // Most identifiers are printable ASCII: one vectorized scan proves it. (SearchValues rather than
        // ContainsAnyExceptInRange, whose precompiled generic code boxes its bounds on every call.)
        if (!value.ContainsAnyExcept(PrintableAscii))
        {
            return SubjectError.None;
        }

        for (int i = 0; i < value.Length; i++)
        {
            char c = value[i];
            if (char.IsControl(c))
            {
                return SubjectError.ControlCharacter;
            }

            if (char.IsHighSurrogate(c))
            {
                if (i + 1 >= value.Length || !char.IsLowSurrogate(value[i + 1]))
                {
                    return SubjectError.InvalidUnicode;
                }

                i++;
            }
            else if (char.IsLowSurrogate(c))
            {
                return SubjectError.InvalidUnicode;
            }
        }

        return SubjectError.None;
    }

    private static SubjectError NormalizeEmail(ReadOnlySpan<char> value, Span<char> destination, out int written)
    {
        written = 0;
        int at = value.IndexOf('@');
        if (at <= 0 || at == value.Length - 1 || value[(at + 1)..].Contains('@'))
        {
            return SubjectError.InvalidEmail;
        }

        written = value.ToLowerInvariant(destination);
        return SubjectError.None;
    }

    private static SubjectError NormalizePhone(ReadOnlySpan<char> value, Span<char> destination, out int written)
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

            if (!char.IsAsciiDigit(c) || length == 0)
            {
                return SubjectError.InvalidPhone;
            }

            if (++digits > 15)
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

    private static SubjectError NormalizeHashedEmail(ReadOnlySpan<char> value, Span<char> destination, out int written)
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

    internal static int MaxUtf8Bytes => Encoding.UTF8.GetMaxByteCount(MaxLength);
}
