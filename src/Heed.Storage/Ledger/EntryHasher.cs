using System.Buffers;
using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Heed.Storage.Ledger;

/// <summary>
/// SHA-256 over a length-prefixed encoding of an entry's fields and the previous entry's hash.
/// Length prefixes make the encoding unambiguous; every store and <c>heed audit verify</c> use this.
/// </summary>
/// <remarks>
/// The encoding is: LSN (int64 big-endian), time in unix milliseconds (int64 big-endian), then kind,
/// subject, purpose and body each as an int32 big-endian UTF-8 length (-1 for null) followed by the
/// bytes, then the previous hash. It is built in one buffer and hashed in one call because every
/// append hashes every entry (bulk imports hash hundreds of thousands per second).
/// </remarks>
public static class EntryHasher
{
    // Typical entries fit; a larger one rents a buffer.
    private const int StackLimit = 1024;

    /// <summary>The "previous hash" of the first entry: 32 zero bytes.</summary>
    public static byte[] Genesis { get; } = new byte[32];

    public static byte[] Compute(long lsn, string kind, string? subject, string? purpose, DateTimeOffset at, string body, ReadOnlySpan<byte> prevHash)
    {
        ArgumentNullException.ThrowIfNull(kind);
        ArgumentNullException.ThrowIfNull(body);
        int size = 8 + 8 + MaxEncodedLength(kind) + MaxEncodedLength(subject) + MaxEncodedLength(purpose) + MaxEncodedLength(body) + prevHash.Length;
        byte[]? rented = null;
        Span<byte> buffer = size <= StackLimit ? stackalloc byte[StackLimit] : (rented = ArrayPool<byte>.Shared.Rent(size));
        try
        {
            BinaryPrimitives.WriteInt64BigEndian(buffer, lsn);
            BinaryPrimitives.WriteInt64BigEndian(buffer[8..], at.ToUnixTimeMilliseconds());
            int written = 16;
            written += Write(buffer[written..], kind);
            written += Write(buffer[written..], subject);
            written += Write(buffer[written..], purpose);
            written += Write(buffer[written..], body);
            prevHash.CopyTo(buffer[written..]);
            written += prevHash.Length;
            return SHA256.HashData(buffer[..written]);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    public static byte[] Compute(LedgerEntry entry) =>
        Compute(entry.Lsn, entry.Kind, entry.Subject, entry.Purpose, entry.At, entry.Body, entry.PrevHash);

    private static int MaxEncodedLength(string? value) => 4 + (value is null ? 0 : Encoding.UTF8.GetMaxByteCount(value.Length));

    private static int Write(Span<byte> destination, string? value)
    {
        if (value is null)
        {
            BinaryPrimitives.WriteInt32BigEndian(destination, -1);
            return 4;
        }

        int length = Encoding.UTF8.GetBytes(value, destination[4..]);
        BinaryPrimitives.WriteInt32BigEndian(destination, length);
        return 4 + length;
    }
}
