using System.Security.Cryptography;

namespace Heed.Storage.Audit;

/// <summary>
/// The RFC 6962 (RFC 9162 §2.1.1) hashes: a leaf is SHA-256(0x00 ‖ data), an interior node is
/// SHA-256(0x01 ‖ left ‖ right), and the empty tree is SHA-256 of nothing. The prefixes keep a leaf from
/// ever being taken for a node (a second-preimage attack).
/// </summary>
public static class MerkleHash
{
    /// <summary>The length of every hash in the tree.</summary>
    public const int Size = 32;

    private const int StackLimit = 1024;

    /// <summary>The root of the empty tree: SHA-256("").</summary>
    public static ReadOnlySpan<byte> Empty =>
    [
        0xe3, 0xb0, 0xc4, 0x42, 0x98, 0xfc, 0x1c, 0x14, 0x9a, 0xfb, 0xf4, 0xc8, 0x99, 0x6f, 0xb9, 0x24,
        0x27, 0xae, 0x41, 0xe4, 0x64, 0x9b, 0x93, 0x4c, 0xa4, 0x95, 0x99, 0x1b, 0x78, 0x52, 0xb8, 0x55,
    ];

    public static byte[] Leaf(ReadOnlySpan<byte> data)
    {
        var hash = new byte[Size];
        Leaf(data, hash);
        return hash;
    }

    public static void Leaf(ReadOnlySpan<byte> data, Span<byte> destination)
    {
        // Entries are small: prefixing on the stack hashes in one call; a large one is hashed incrementally.
        if (data.Length < StackLimit)
        {
            Span<byte> input = stackalloc byte[StackLimit];
            input[0] = 0x00;
            data.CopyTo(input[1..]);
            SHA256.HashData(input[..(1 + data.Length)], destination);
            return;
        }

        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        sha.AppendData([0x00]);
        sha.AppendData(data);
        sha.GetHashAndReset(destination);
    }

    public static byte[] Node(ReadOnlySpan<byte> left, ReadOnlySpan<byte> right)
    {
        var hash = new byte[Size];
        Node(left, right, hash);
        return hash;
    }

    public static void Node(ReadOnlySpan<byte> left, ReadOnlySpan<byte> right, Span<byte> destination)
    {
        Span<byte> input = stackalloc byte[1 + (2 * Size)];
        input[0] = 0x01;
        left.CopyTo(input[1..]);
        right.CopyTo(input[(1 + Size)..]);
        SHA256.HashData(input, destination);
    }
}
