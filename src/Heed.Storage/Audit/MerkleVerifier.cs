using System.Security.Cryptography;

namespace Heed.Storage.Audit;

/// <summary>
/// Checks RFC 6962 proofs with the algorithms of RFC 9162 §2.1.3.2 (inclusion) and §2.1.4.2 (consistency).
/// Every hash must be <see cref="MerkleHash.Size"/> bytes; anything malformed is simply not a proof.
/// </summary>
public static class MerkleVerifier
{
    /// <summary>Whether <paramref name="proof"/> shows leaf <paramref name="index"/> (by its leaf hash) in the tree of
    /// size <paramref name="size"/> whose root is <paramref name="root"/>.</summary>
    public static bool VerifyInclusion(long index, long size, ReadOnlySpan<byte> leafHash, IReadOnlyList<byte[]> proof, ReadOnlySpan<byte> root)
    {
        Span<byte> computed = stackalloc byte[MerkleHash.Size];
        return root.Length == MerkleHash.Size
            && TryRootFromInclusionProof(index, size, leafHash, proof, computed)
            && CryptographicOperations.FixedTimeEquals(computed, root);
    }

    /// <summary>The root that <paramref name="proof"/> leads to from the leaf, or false when the proof does not fit the sizes.</summary>
    public static bool TryRootFromInclusionProof(long index, long size, ReadOnlySpan<byte> leafHash, IReadOnlyList<byte[]> proof, Span<byte> root)
    {
        ArgumentNullException.ThrowIfNull(proof);
        if (index < 0 || index >= size || leafHash.Length != MerkleHash.Size || root.Length < MerkleHash.Size)
        {
            return false;
        }

        long fn = index;
        long sn = size - 1;
        Span<byte> r = root[..MerkleHash.Size];
        leafHash.CopyTo(r);
        foreach (byte[] p in proof)
        {
            if (sn == 0 || p is not { Length: MerkleHash.Size })
            {
                return false;
            }

            if ((fn & 1) == 1 || fn == sn)
            {
                MerkleHash.Node(p, r, r);
                while ((fn & 1) == 0 && fn != 0)
                {
                    fn >>= 1;
                    sn >>= 1;
                }
            }
            else
            {
                MerkleHash.Node(r, p, r);
            }

            fn >>= 1;
            sn >>= 1;
        }

        return sn == 0;
    }

    /// <summary>Whether <paramref name="proof"/> shows that the tree of size <paramref name="size1"/> and root
    /// <paramref name="root1"/> is a prefix of the tree of size <paramref name="size2"/> and root <paramref name="root2"/>.</summary>
    public static bool VerifyConsistency(long size1, long size2, IReadOnlyList<byte[]> proof, ReadOnlySpan<byte> root1, ReadOnlySpan<byte> root2)
    {
        ArgumentNullException.ThrowIfNull(proof);
        if (size1 < 0 || size2 < size1)
        {
            return false;
        }

        if (size1 == size2)
        {
            return proof.Count == 0 && root1.SequenceEqual(root2);
        }

        if (size1 == 0)
        {
            // The empty tree is a prefix of every tree.
            return proof.Count == 0;
        }

        if (proof.Count == 0 || root1.Length != MerkleHash.Size || root2.Length != MerkleHash.Size)
        {
            return false;
        }

        foreach (byte[] p in proof)
        {
            if (p is not { Length: MerkleHash.Size })
            {
                return false;
            }
        }

        // When size1 is a power of two, the old root is itself a node of the new tree and the proof omits it.
        int next = 0;
        Span<byte> fr = stackalloc byte[MerkleHash.Size];
        Span<byte> sr = stackalloc byte[MerkleHash.Size];
        ReadOnlySpan<byte> first = (size1 & (size1 - 1)) == 0 ? root1 : proof[next++];
        first.CopyTo(fr);
        first.CopyTo(sr);
        long fn = size1 - 1;
        long sn = size2 - 1;
        while ((fn & 1) == 1)
        {
            fn >>= 1;
            sn >>= 1;
        }

        for (; next < proof.Count; next++)
        {
            byte[] c = proof[next];
            if (sn == 0)
            {
                return false;
            }

            if ((fn & 1) == 1 || fn == sn)
            {
                MerkleHash.Node(c, fr, fr);
                MerkleHash.Node(c, sr, sr);
                while ((fn & 1) == 0 && fn != 0)
                {
                    fn >>= 1;
                    sn >>= 1;
                }
            }
            else
            {
                MerkleHash.Node(sr, c, sr);
            }

            fn >>= 1;
            sn >>= 1;
        }

        return sn == 0
            && CryptographicOperations.FixedTimeEquals(fr, root1)
            && CryptographicOperations.FixedTimeEquals(sr, root2);
    }
}
