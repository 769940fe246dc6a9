using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Heed.Core.Subjects;

/// <summary>
/// The one derivation of a canonical subject (<c>kind:value</c>) from text, used by the registry, the SDK,
/// the sidecar, the gate, the relay and the CLI, so that an opt-out applies wherever the same person is
/// named. Allocation-free; ASCII input never leaves a vectorized fast path. The rules are in docs/subjects.md.
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

    /// <summary>Writes the canonical form of <paramref name="input"/> into <paramref name="destination"/>.</summary>
    /// <param name="input">The identifier as given, e.g. <c>email: Alice@Example.com</c>.</param>
    /// <param name="destination">At least <see cref="MaxLength"/> characters.</param>
    /// <param name="written">The length of the canonical form in <paramref name="destination"/>.</param>
    /// <returns><see cref="SubjectError.None"/>, or why the identifier was refused.</returns>
    public static SubjectError TryNormalize(ReadOnlySpan<char> input, Span<char> destination, out int written) =>
        TryNormalize(input, default, destination, out written);

    /// <summary>As <see cref="TryNormalize(ReadOnlySpan{char}, Span{char}, out int)"/>, for a value that may
    /// come without its kind: see <see cref="TryCanonicalize"/>.</summary>
    public static SubjectError TryNormalize(ReadOnlySpan<char> input, ReadOnlySpan<char> defaultKind, Span<char> destination, out int written)
    {
        SubjectError error = TryCanonicalize(input, defaultKind, destination, out ReadOnlySpan<char> canonical);
        if (error == SubjectError.None && !Unsafe.AreSame(ref MemoryMarshal.GetReference(canonical), ref MemoryMarshal.GetReference(destination)))
        {
            canonical.CopyTo(destination);
        }

        written = canonical.Length;
        return error;
    }

    /// <summary>Normalizes and returns the canonical string; allocates. For edges that are not hot.</summary>
    public static SubjectError TryNormalize(string? input, out string canonical) => TryNormalize(input, null, out canonical);

    /// <summary>Normalizes a value that may come without its kind and returns the canonical string; allocates.</summary>
    public static SubjectError TryNormalize(string? input, string? defaultKind, out string canonical)
    {
        canonical = string.Empty;
        if (input is null)
        {
            return SubjectError.Empty;
        }

        Span<char> buffer = stackalloc char[MaxLength];
        SubjectError error = TryNormalize(input, defaultKind, buffer, out int written);
        if (error == SubjectError.None)
        {
            canonical = new string(buffer[..written]);
        }

        return error;
    }

    /// <summary>
    /// Derives the canonical subject. Text with a ':' names its own kind, compared without case
    /// (<c>Email:</c> is <c>email:</c>) and never prefixed again; text without one takes
    /// <paramref name="defaultKind"/> (empty: refused). A kind that is not <c>[a-z][a-z0-9_]{0,31}</c>
    /// is refused, never read as part of a value. When the input is already canonical,
    /// <paramref name="canonical"/> is a slice of it; otherwise it is written at the start of
    /// <paramref name="destination"/> (at least <see cref="MaxLength"/> characters).
    /// </summary>
    public static SubjectError TryCanonicalize(ReadOnlySpan<char> input, ReadOnlySpan<char> defaultKind, Span<char> destination, out ReadOnlySpan<char> canonical)
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
        bool kindInInput = colon >= 0;
        if (!kindInInput && defaultKind.IsEmpty)
        {
            return SubjectError.MissingSeparator;
        }

        ReadOnlySpan<char> kind = kindInInput ? input[..colon] : defaultKind;
        ReadOnlySpan<char> rawValue = kindInInput ? input[(colon + 1)..] : input;
        if (!IsKindIgnoringCase(kind))
        {
            return SubjectError.InvalidKind;
        }

        ReadOnlySpan<char> value = rawValue.Trim();
        if (value.IsEmpty)
        {
            return SubjectError.EmptyValue;
        }

        if (value.Length > MaxValueLength)
        {
            return SubjectError.ValueTooLong;
        }

        bool ascii = SubjectText.IsPrintableAscii(value);
        if (!ascii)
        {
            SubjectError textError = SubjectText.Check(value);
            if (textError != SubjectError.None)
            {
                return textError;
            }
        }

        Span<char> valueDestination = destination[(kind.Length + 1)..];
        int valueLength;
        SubjectError error;
        switch (KindOf(kind))
        {
            case KnownKind.Email:
                error = SubjectValues.NormalizeEmail(value, ascii, valueDestination, out valueLength);
                break;
            case KnownKind.Phone:
                error = SubjectValues.NormalizePhone(value, valueDestination, out valueLength);
                break;
            case KnownKind.HashedEmail:
                error = SubjectValues.NormalizeHashedEmail(value, valueDestination, out valueLength);
                break;
            default:
                error = SubjectValues.CheckOpaque(value, ascii, valueDestination, out valueLength);
                if (error == SubjectError.None && valueLength < 0 && kindInInput
                    && value.Length == rawValue.Length && IsValidKind(kind))
                {
                    // Already canonical: a lower-case kind, a value kept as it is, no space after the ':'.
                    canonical = input;
                    return SubjectError.None;
                }

                if (error == SubjectError.None && valueLength < 0)
                {
                    value.CopyTo(valueDestination);
                    valueLength = value.Length;
                }

                break;
        }

        if (error != SubjectError.None)
        {
            return error;
        }

        for (int i = 0; i < kind.Length; i++)
        {
            destination[i] = char.ToLowerInvariant(kind[i]);
        }

        destination[kind.Length] = ':';
        canonical = destination[..(kind.Length + 1 + valueLength)];
        return SubjectError.None;
    }

    /// <summary>True if <paramref name="kind"/> matches <c>[a-z][a-z0-9_]{0,31}</c>.</summary>
    public static bool IsValidKind(ReadOnlySpan<char> kind) => IsKind(kind, allowUpper: false);

    /// <summary>True if <paramref name="kind"/> is a kind once lower-cased (ASCII only).</summary>
    public static bool IsKindIgnoringCase(ReadOnlySpan<char> kind) => IsKind(kind, allowUpper: true);

    private static bool IsKind(ReadOnlySpan<char> kind, bool allowUpper)
    {
        if (kind.IsEmpty || kind.Length > MaxKindLength || !IsLetter(kind[0], allowUpper))
        {
            return false;
        }

        foreach (char c in kind[1..])
        {
            if (!IsLetter(c, allowUpper) && !char.IsAsciiDigit(c) && c != '_')
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsLetter(char c, bool allowUpper) => char.IsAsciiLetterLower(c) || (allowUpper && char.IsAsciiLetterUpper(c));

    private static KnownKind KindOf(ReadOnlySpan<char> kind) =>
        kind.Equals("email", StringComparison.OrdinalIgnoreCase) ? KnownKind.Email
        : kind.Equals("phone", StringComparison.OrdinalIgnoreCase) ? KnownKind.Phone
        : kind.Equals("hashed_email", StringComparison.OrdinalIgnoreCase) ? KnownKind.HashedEmail
        : KnownKind.Other;

    private enum KnownKind
    {
        Other,
        Email,
        Phone,
        HashedEmail,
    }
}
