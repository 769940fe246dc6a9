using System.Buffers;
using System.IO.Hashing;
using System.Runtime.CompilerServices;
using System.Text;

namespace Heed.Core.Subjects;

/// <summary>
/// The 64-bit key of a canonical subject in every replica table: XXH3 over its UTF-8 bytes.
/// Zero marks an empty slot, so a hash of zero is mapped to one; a collision can only over-block.
/// </summary>
public static class SubjectHash
{
    private const int MaxUtf8Length = SubjectParser.MaxLength * 3;

    // SkipLocalsInit: the buffers are written before they are read; zeroing them cost more than hashing.
    /// <summary>The key of an already canonical subject (see <see cref="SubjectParser"/>).</summary>
    [SkipLocalsInit]
    public static ulong Of(ReadOnlySpan<char> canonical)
    {
        Span<byte> utf8 = stackalloc byte[MaxUtf8Length];
        if (Ascii.FromUtf16(canonical, utf8, out int length) != OperationStatus.Done)
        {
            length = Encoding.UTF8.GetBytes(canonical, utf8);
        }

        return Finish(XxHash3.HashToUInt64(utf8[..length]));
    }

    private static ulong Finish(ulong hash) => hash == 0 ? 1 : hash;

    /// <summary>Normalizes and hashes in one step, without allocating.</summary>
    [SkipLocalsInit]
    public static SubjectError TryHash(ReadOnlySpan<char> subject, out ulong hash) => TryHash(subject, default, out hash);

    /// <summary>Normalizes (taking <paramref name="defaultKind"/> for a value without one) and hashes.
    /// A subject that is already canonical ASCII (<see cref="CanonicalAscii"/>) is hashed as it is, which is
    /// what <see cref="SubjectParser"/> would make of it; anything else takes the parser.</summary>
    [SkipLocalsInit]
    public static SubjectError TryHash(ReadOnlySpan<char> subject, ReadOnlySpan<char> defaultKind, out ulong hash)
    {
        if (subject.Length <= SubjectParser.MaxLength)
        {
            Span<byte> ascii = stackalloc byte[SubjectParser.MaxLength];
            if (Ascii.FromUtf16(subject, ascii, out int length) == OperationStatus.Done && CanonicalAscii.Is(ascii[..length]))
            {
                hash = Finish(XxHash3.HashToUInt64(ascii[..length]));
                return SubjectError.None;
            }
        }

        Span<char> buffer = stackalloc char[SubjectParser.MaxLength];
        SubjectError error = SubjectParser.TryCanonicalize(subject, defaultKind, buffer, out ReadOnlySpan<char> canonical);
        hash = error == SubjectError.None ? Of(canonical) : 0;
        return error;
    }
}
