using Heed.Storage.Audit;

namespace Heed.Storage.Tests.Audit;

public sealed class MerkleTreeTests
{
    [Fact]
    public void Root_EmptyTree_IsSha256OfNothing()
    {
        var tree = new MerkleTree();

        byte[] root = tree.Root(0);

        Convert.ToHexStringLower(root).ShouldBe("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
        MerkleHash.Empty.ToArray().ShouldBe(root);
    }

    [Fact]
    public void Root_ReferenceLeaves_MatchesTheReferenceRootForEverySize()
    {
        MerkleTree tree = Reference();

        for (int size = 1; size <= 8; size++)
        {
            Convert.ToHexStringLower(tree.Root(size)).ShouldBe(Convert.ToHexStringLower(MerkleVectors.Roots[size - 1]), $"size {size}");
        }
    }

    [Fact]
    public void Root_GrowingTree_GivesTheSameRootAsWhenItWasThatSize()
    {
        var tree = new MerkleTree();
        for (int size = 1; size <= 8; size++)
        {
            tree.Append(MerkleHash.Leaf(MerkleVectors.Leaves[size - 1]));

            tree.Root(size).ShouldBe(MerkleVectors.Roots[size - 1]);
        }
    }

    [Theory]
    [MemberData(nameof(MerkleVectors.InclusionProofs), MemberType = typeof(MerkleVectors))]
    public void InclusionProof_ReferenceTable_IsTheReferenceProof(int leaf, int size, string[] expected)
    {
        MerkleTree tree = Reference();

        IReadOnlyList<byte[]> proof = tree.InclusionProof(leaf - 1, size);

        proof.Select(Convert.ToHexStringLower).ShouldBe(expected);
    }

    [Theory]
    [MemberData(nameof(MerkleVectors.ConsistencyProofs), MemberType = typeof(MerkleVectors))]
    public void ConsistencyProof_ReferenceTable_IsTheReferenceProof(int size1, int size2, string[] expected)
    {
        MerkleTree tree = Reference();

        IReadOnlyList<byte[]> proof = tree.ConsistencyProof(size1, size2);

        proof.Select(Convert.ToHexStringLower).ShouldBe(expected);
    }

    [Theory]
    [InlineData(-1, 1)]
    [InlineData(0, 0)]
    [InlineData(8, 8)]
    [InlineData(0, 9)]
    public void InclusionProof_OutOfRange_Throws(long index, long size)
    {
        MerkleTree tree = Reference();

        Should.Throw<ArgumentOutOfRangeException>(() => tree.InclusionProof(index, size));
    }

    [Theory]
    [InlineData(-1, 1)]
    [InlineData(3, 2)]
    [InlineData(1, 9)]
    public void ConsistencyProof_OutOfRange_Throws(long from, long to)
    {
        MerkleTree tree = Reference();

        Should.Throw<ArgumentOutOfRangeException>(() => tree.ConsistencyProof(from, to));
    }

    [Fact]
    public void Append_NotAHash_Throws()
    {
        var tree = new MerkleTree();

        Should.Throw<ArgumentException>(() => tree.Append(new byte[31]));
    }

    [Fact]
    public void Root_RandomSizes_MatchesTheRecursiveDefinition()
    {
        var random = new Random(6962);
        MerkleTree tree = Random(random, 300, out byte[][] leaves);

        for (int size = 0; size <= 300; size++)
        {
            tree.Root(size).ShouldBe(NaiveRoot(leaves.AsSpan(0, size)), $"size {size}");
        }
    }

    internal static MerkleTree Reference()
    {
        var tree = new MerkleTree();
        foreach (byte[] leaf in MerkleVectors.Leaves)
        {
            tree.Append(MerkleHash.Leaf(leaf));
        }

        return tree;
    }

    internal static MerkleTree Random(Random random, int count, out byte[][] leafHashes)
    {
        var tree = new MerkleTree();
        leafHashes = new byte[count][];
        for (int i = 0; i < count; i++)
        {
            // Distinct leaves (the index leads), so no two leaf hashes are equal.
            var data = new byte[4 + random.Next(0, 40)];
            random.NextBytes(data);
            BitConverter.TryWriteBytes(data, i);
            leafHashes[i] = MerkleHash.Leaf(data);
            tree.Append(leafHashes[i]);
        }

        return tree;
    }

    // MTH exactly as RFC 9162 §2.1.1 writes it, with no caching: what the tree must agree with.
    private static byte[] NaiveRoot(ReadOnlySpan<byte[]> leaves)
    {
        if (leaves.Length == 0)
        {
            return MerkleHash.Empty.ToArray();
        }

        if (leaves.Length == 1)
        {
            return leaves[0];
        }

        int k = 1;
        while (k * 2 < leaves.Length)
        {
            k *= 2;
        }

        return MerkleHash.Node(NaiveRoot(leaves[..k]), NaiveRoot(leaves[k..]));
    }
}
