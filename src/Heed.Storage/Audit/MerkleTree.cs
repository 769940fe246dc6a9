using System.Numerics;

namespace Heed.Storage.Audit;

/// <summary>
/// An append-only RFC 6962 Merkle tree over leaf hashes (RFC 9162 §2.1). Besides the leaves it keeps the
/// hash of every complete, aligned subtree, so an append costs O(log n) hashes at worst (one on average)
/// and a root or a proof for any size up to <see cref="Count"/> costs O(log² n) at worst, never a rehash.
/// Safe for one appender and any number of readers.
/// </summary>
public sealed class MerkleTree
{
    // _levels[k][i] is the hash of the 2^k leaves starting at i·2^k; level 0 holds the leaf hashes.
    private readonly List<HashColumn> _levels = [new HashColumn()];
    private readonly Lock _gate = new();

    /// <summary>The number of leaves.</summary>
    public long Count
    {
        get
        {
            lock (_gate)
            {
                return _levels[0].Count;
            }
        }
    }

    /// <summary>Appends a leaf by its hash (<see cref="MerkleHash.Leaf(ReadOnlySpan{byte})"/> of its data).</summary>
    public void Append(ReadOnlySpan<byte> leafHash)
    {
        if (leafHash.Length != MerkleHash.Size)
        {
            throw new ArgumentException($"a leaf hash is {MerkleHash.Size} bytes, not {leafHash.Length}", nameof(leafHash));
        }

        Span<byte> node = stackalloc byte[MerkleHash.Size];
        lock (_gate)
        {
            _levels[0].Add(leafHash);
            long index = _levels[0].Count - 1;
            // Each time the new node completes a pair, their parent is complete too.
            for (int level = 0; (index & 1) == 1; level++, index >>= 1)
            {
                if (_levels.Count == level + 1)
                {
                    _levels.Add(new HashColumn());
                }

                MerkleHash.Node(_levels[level][index - 1], _levels[level][index], node);
                _levels[level + 1].Add(node);
            }
        }
    }

    /// <summary>The leaf hash at <paramref name="index"/>.</summary>
    public byte[] LeafHash(long index)
    {
        lock (_gate)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(index);
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, _levels[0].Count);
            return _levels[0][index].ToArray();
        }
    }

    /// <summary>The root of the tree made of the first <paramref name="size"/> leaves (MTH, RFC 9162 §2.1.1).</summary>
    public byte[] Root(long size)
    {
        var root = new byte[MerkleHash.Size];
        lock (_gate)
        {
            CheckSize(size);
            Hash(0, size, root);
        }

        return root;
    }

    /// <summary>The inclusion proof of leaf <paramref name="index"/> in the tree of size <paramref name="size"/> (PATH, RFC 9162 §2.1.3.1).</summary>
    public IReadOnlyList<byte[]> InclusionProof(long index, long size)
    {
        var proof = new List<byte[]>();
        lock (_gate)
        {
            CheckSize(size);
            ArgumentOutOfRangeException.ThrowIfNegative(index);
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, size);
            Path(index, 0, size, proof);
        }

        return proof;
    }

    /// <summary>The consistency proof between the trees of sizes <paramref name="from"/> and <paramref name="to"/>
    /// (PROOF, RFC 9162 §2.1.4.1); empty when <paramref name="from"/> is 0 or equals <paramref name="to"/>.</summary>
    public IReadOnlyList<byte[]> ConsistencyProof(long from, long to)
    {
        var proof = new List<byte[]>();
        lock (_gate)
        {
            CheckSize(to);
            ArgumentOutOfRangeException.ThrowIfNegative(from);
            ArgumentOutOfRangeException.ThrowIfGreaterThan(from, to);
            if (from > 0 && from < to)
            {
                SubProof(from, 0, to, complete: true, proof);
            }
        }

        return proof;
    }

    /// <summary>The largest power of two smaller than <paramref name="n"/> (n ≥ 2): where RFC 6962 splits a tree.</summary>
    internal static long Split(long n) => 1L << (63 - BitOperations.LeadingZeroCount((ulong)(n - 1)));

    private void CheckSize(long size)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(size);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(size, _levels[0].Count);
    }

    // MTH of leaves [start, end). Every range the RFC's recursion reaches starts at a multiple of its left
    // part's size, so its left part is always one cached complete subtree.
    private void Hash(long start, long end, Span<byte> destination)
    {
        long n = end - start;
        if (n == 0)
        {
            MerkleHash.Empty.CopyTo(destination);
            return;
        }

        if (BitOperations.IsPow2(n) && start % n == 0)
        {
            int level = BitOperations.Log2((ulong)n);
            _levels[level][start >> level].CopyTo(destination);
            return;
        }

        long k = Split(n);
        Span<byte> left = stackalloc byte[MerkleHash.Size];
        Span<byte> right = stackalloc byte[MerkleHash.Size];
        Hash(start, start + k, left);
        Hash(start + k, end, right);
        MerkleHash.Node(left, right, destination);
    }

    private byte[] Hash(long start, long end)
    {
        var hash = new byte[MerkleHash.Size];
        Hash(start, end, hash);
        return hash;
    }

    // PATH(m, D[start:end]), with m relative to start; the proof lists siblings from the leaf up.
    private void Path(long m, long start, long end, List<byte[]> proof)
    {
        long n = end - start;
        if (n <= 1)
        {
            return;
        }

        long k = Split(n);
        if (m < k)
        {
            Path(m, start, start + k, proof);
            proof.Add(Hash(start + k, end));
        }
        else
        {
            Path(m - k, start + k, end, proof);
            proof.Add(Hash(start, start + k));
        }
    }

    // SUBPROOF(m, D[start:end], b), with m relative to start.
    private void SubProof(long m, long start, long end, bool complete, List<byte[]> proof)
    {
        long n = end - start;
        if (m == n)
        {
            if (!complete)
            {
                proof.Add(Hash(start, end));
            }

            return;
        }

        long k = Split(n);
        if (m <= k)
        {
            SubProof(m, start, start + k, complete, proof);
            proof.Add(Hash(start + k, end));
        }
        else
        {
            SubProof(m - k, start + k, end, complete: false, proof);
            proof.Add(Hash(start, start + k));
        }
    }
}
