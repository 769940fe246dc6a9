using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Heed.Storage.Ledger;

/// <summary>
/// SHA-256 over a length-prefixed encoding of an entry's fields and the previous entry's hash.
/// Length prefixes make the encoding unambiguous; every store and <c>heed audit verify</c> use this.
/// </summary>
public static class EntryHasher
{
    /// <summary>The "previous hash" of the first entry: 32 zero bytes.</summary>
    public static byte[] Genesis { get; } = new byte[32];

    public static byte[] Compute(long lsn, string kind, string? subject, string? purpose, DateTimeOffset at, string body, ReadOnlySpan<byte> prevHash)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Span<byte> number = stackalloc byte[8];
        BinaryPrimitives.WriteInt64BigEndian(number, lsn);
        hash.AppendData(number);
        BinaryPrimitives.WriteInt64BigEndian(number, at.ToUnixTimeMilliseconds());
        hash.AppendData(number);
        AppendString(hash, kind);
        AppendString(hash, subject);
        AppendString(hash, purpose);
        AppendString(hash, body);
        hash.AppendData(prevHash);
        return hash.GetHashAndReset();
    }

    public static byte[] Compute(LedgerEntry entry) =>
        Compute(entry.Lsn, entry.Kind, entry.Subject, entry.Purpose, entry.At, entry.Body, entry.PrevHash);

    private static void AppendString(IncrementalHash hash, string? value)
    {
        Span<byte> length = stackalloc byte[4];
        if (value is null)
        {
            BinaryPrimitives.WriteInt32BigEndian(length, -1);
            hash.AppendData(length);
            return;
        }

        byte[] bytes = Encoding.UTF8.GetBytes(value);
        BinaryPrimitives.WriteInt32BigEndian(length, bytes.Length);
        hash.AppendData(length);
        hash.AppendData(bytes);
    }
}
