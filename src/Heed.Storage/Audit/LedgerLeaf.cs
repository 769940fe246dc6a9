using System.Buffers;
using System.Globalization;
using System.Text;
using Heed.Storage.Ledger;

namespace Heed.Storage.Audit;

/// <summary>
/// The bytes of an entry as a leaf of the audit tree: the UTF-8 of the canonical JSON object
/// <c>{"at":&lt;unix ms&gt;,"body":&lt;body&gt;,"kind":…,"lsn":…,"purpose":…,"subject":…}</c> with its keys in
/// this (sorted) order, no whitespace, <c>purpose</c> and <c>subject</c> left out when null, and the stored body
/// embedded verbatim as the value of <c>body</c> (it is canonical JSON already). Strings are escaped as RFC 8785
/// does: only <c>"</c>, <c>\</c> and control characters, so "café" stays "café" and "&lt;" stays "&lt;".
/// The leaf of the entry at LSN n is leaf n − 1 of the tree (docs/audit.md).
/// </summary>
public static class LedgerLeaf
{
    // Entries are small: their leaf is built on the stack, a large one in a rented buffer.
    private const int StackLimit = 1024;

    public static byte[] Bytes(LedgerEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        byte[]? rented = null;
        int size = MaxLength(entry);
        Span<byte> buffer = size <= StackLimit ? stackalloc byte[StackLimit] : (rented = ArrayPool<byte>.Shared.Rent(size));
        try
        {
            return buffer[..Write(entry, buffer)].ToArray();
        }
        finally
        {
            Return(rented);
        }
    }

    /// <summary>The leaf hash, SHA-256(0x00 ‖ <see cref="Bytes"/>).</summary>
    public static byte[] Hash(LedgerEntry entry)
    {
        var hash = new byte[MerkleHash.Size];
        Hash(entry, hash);
        return hash;
    }

    /// <summary>Writes the leaf hash to <paramref name="destination"/>; allocates nothing for a typical entry.</summary>
    public static void Hash(LedgerEntry entry, Span<byte> destination)
    {
        ArgumentNullException.ThrowIfNull(entry);
        byte[]? rented = null;
        int size = MaxLength(entry);
        Span<byte> buffer = size <= StackLimit ? stackalloc byte[StackLimit] : (rented = ArrayPool<byte>.Shared.Rent(size));
        try
        {
            MerkleHash.Leaf(buffer[..Write(entry, buffer)], destination);
        }
        finally
        {
            Return(rented);
        }
    }

    // The keys, two 20-digit numbers, the body in UTF-8, and each string at worst escaped (\u00xx: 6 bytes a char).
    private static int MaxLength(LedgerEntry entry) =>
        checked(128 + Encoding.UTF8.GetMaxByteCount(entry.Body.Length) + (6 * (entry.Kind.Length + (entry.Purpose?.Length ?? 0) + (entry.Subject?.Length ?? 0))));

    private static int Write(LedgerEntry entry, Span<byte> buffer)
    {
        int at = 0;
        Raw(buffer, ref at, "{\"at\":"u8);
        Number(buffer, ref at, entry.At.ToUnixTimeMilliseconds());
        Raw(buffer, ref at, ",\"body\":"u8);
        at += Encoding.UTF8.GetBytes(entry.Body, buffer[at..]);
        Raw(buffer, ref at, ",\"kind\":"u8);
        Quoted(buffer, ref at, entry.Kind);
        Raw(buffer, ref at, ",\"lsn\":"u8);
        Number(buffer, ref at, entry.Lsn);
        if (entry.Purpose is not null)
        {
            Raw(buffer, ref at, ",\"purpose\":"u8);
            Quoted(buffer, ref at, entry.Purpose);
        }

        if (entry.Subject is not null)
        {
            Raw(buffer, ref at, ",\"subject\":"u8);
            Quoted(buffer, ref at, entry.Subject);
        }

        Raw(buffer, ref at, "}"u8);
        return at;
    }

    private static void Raw(Span<byte> buffer, ref int at, ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(buffer[at..]);
        at += bytes.Length;
    }

    private static void Number(Span<byte> buffer, ref int at, long value)
    {
        value.TryFormat(buffer[at..], out int written, default, CultureInfo.InvariantCulture);
        at += written;
    }

    private static void Quoted(Span<byte> buffer, ref int at, string value) => at += CanonicalString.Write(value, buffer[at..]);

    private static void Return(byte[]? rented)
    {
        if (rented is not null)
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }
}
