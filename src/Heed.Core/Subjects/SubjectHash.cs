using System.IO.Hashing;
using System.Text;

namespace Heed.Core.Subjects;

/// <summary>
/// The 64-bit key of a canonical subject in every replica table: XXH3 over its UTF-8 bytes.
/// Zero marks an empty slot, so a hash of zero is mapped to one; a collision can only over-block.
/// </summary>
public static class SubjectHash
{
    public static ulong Of(ReadOnlySpan<char> canonical)
    {
        Span<byte> utf8 = stackalloc byte[SubjectParser.MaxLength * 3];
        int length = Encoding.UTF8.GetBytes(canonical, utf8);
        ulong hash = XxHash3.HashToUInt64(utf8[..length]);
        return hash == 0 ? 1 : hash;
    }

    /// <summary>Normalizes and hashes in one step, without allocating.</summary>
    public static SubjectError TryHash(ReadOnlySpan<char> subject, out ulong hash)
    {
        Span<char> buffer = stackalloc char[SubjectParser.MaxLength];
        SubjectError error = SubjectParser.TryNormalize(subject, buffer, out int written);
        hash = error == SubjectError.None ? Of(buffer[..written]) : 0;
        return error;
    }
}
