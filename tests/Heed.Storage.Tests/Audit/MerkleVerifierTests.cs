using Heed.Storage.Audit;

namespace Heed.Storage.Tests.Audit;

/// <summary>The verifier against the reference tables, and against every corruption that transparency-dev/merkle's
/// proof/verify_test.go tries (corruptInclusionProof, corruptConsistencyProof).</summary>
public sealed class MerkleVerifierTests
{
    private static readonly byte[] SomeHash = MerkleVectors.H("abacaba000000000000000000000000000000000000000000060061e00123456");

    [Theory]
    [MemberData(nameof(MerkleVectors.InclusionProofs), MemberType = typeof(MerkleVectors))]
    public void VerifyInclusion_ReferenceProof_Verifies(int leaf, int size, string[] hex)
    {
        byte[] leafHash = MerkleHash.Leaf(MerkleVectors.Leaves[leaf - 1]);

        MerkleVerifier.VerifyInclusion(leaf - 1, size, leafHash, MerkleVectors.Hashes(hex), MerkleVectors.Roots[size - 1]).ShouldBeTrue();
    }

    [Theory]
    [MemberData(nameof(MerkleVectors.InclusionProofs), MemberType = typeof(MerkleVectors))]
    public void VerifyInclusion_CorruptedReferenceProof_Fails(int leaf, int size, string[] hex)
    {
        long index = leaf - 1;
        byte[] leafHash = MerkleHash.Leaf(MerkleVectors.Leaves[leaf - 1]);
        byte[] root = MerkleVectors.Roots[size - 1];
        byte[][] proof = MerkleVectors.Hashes(hex);
        var probes = new List<(string, long, long, byte[], byte[][], byte[])>
        {
            ("index - 1", index - 1, size, leafHash, proof, root),
            ("index + 1", index + 1, size, leafHash, proof, root),
            ("index ^ 2", index ^ 2, size, leafHash, proof, root),
            ("size * 2", index, size * 2, leafHash, proof, root),
            ("size / 2", index, size / 2, leafHash, proof, root),
            ("wrong leaf", index, size, "WrongLeaf"u8.ToArray(), proof, root),
            ("empty root", index, size, leafHash, proof, MerkleHash.Empty.ToArray()),
            ("random root", index, size, leafHash, proof, SomeHash),
            ("trailing garbage", index, size, leafHash, [.. proof, []], root),
            ("trailing root", index, size, leafHash, [.. proof, root], root),
            ("preceding garbage", index, size, leafHash, [[], .. proof], root),
            ("preceding root", index, size, leafHash, [root, .. proof], root),
        };
        for (int i = 0; i < proof.Length; i++)
        {
            probes.Add(($"modified proof[{i}] bit 3", index, size, leafHash, FlipBit(proof, i, 8), root));
        }

        if (proof.Length > 0)
        {
            probes.Add(("removed component", index, size, leafHash, proof[..^1], root));
        }

        if (proof.Length > 1)
        {
            probes.Add(("inserted component", index, size, leafHash, [proof[0], SomeHash, .. proof[1..]], root));
        }

        foreach ((string name, long i, long s, byte[] l, byte[][] p, byte[] r) in probes)
        {
            MerkleVerifier.VerifyInclusion(i, s, l, p, r).ShouldBeFalse(name);
        }
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(0, 1)]
    [InlineData(1, 0)]
    [InlineData(2, 1)]
    public void VerifyInclusion_IndexOutsideTheTree_Fails(long index, long size)
    {
        MerkleVerifier.VerifyInclusion(index, size, SomeHash, [], []).ShouldBeFalse();
        MerkleVerifier.VerifyInclusion(index, size, [], [], MerkleHash.Empty).ShouldBeFalse();
        MerkleVerifier.VerifyInclusion(index, size, SomeHash, [], MerkleHash.Empty).ShouldBeFalse();
    }

    [Fact]
    public void VerifyInclusion_SingleLeafTree_RootIsTheLeafHash()
    {
        byte[] hash = MerkleHash.Leaf("data"u8);

        MerkleVerifier.VerifyInclusion(0, 1, hash, [], hash).ShouldBeTrue();
        MerkleVerifier.VerifyInclusion(0, 1, [], [], hash).ShouldBeFalse();
        MerkleVerifier.VerifyInclusion(0, 1, hash, [], []).ShouldBeFalse();
        MerkleVerifier.VerifyInclusion(0, 1, [], [], []).ShouldBeFalse();
    }

    [Theory]
    [MemberData(nameof(MerkleVectors.ConsistencyProofs), MemberType = typeof(MerkleVectors))]
    public void VerifyConsistency_ReferenceProof_Verifies(int size1, int size2, string[] hex)
    {
        MerkleVerifier.VerifyConsistency(size1, size2, MerkleVectors.Hashes(hex), MerkleVectors.Roots[size1 - 1], MerkleVectors.Roots[size2 - 1]).ShouldBeTrue();
    }

    [Theory]
    [MemberData(nameof(MerkleVectors.ConsistencyProofs), MemberType = typeof(MerkleVectors))]
    public void VerifyConsistency_CorruptedReferenceProof_Fails(int size1, int size2, string[] hex)
    {
        byte[][] proof = MerkleVectors.Hashes(hex);
        if (proof.Length == 0)
        {
            return; // As in the source: only non-trivial proofs are corrupted.
        }

        byte[] root1 = MerkleVectors.Roots[size1 - 1];
        byte[] root2 = MerkleVectors.Roots[size2 - 1];
        byte[] wrong = "WrongRoot"u8.ToArray();
        var probes = new List<(string, long, long, byte[][], byte[], byte[])>
        {
            ("size1 - 1", size1 - 1, size2, proof, root1, root2),
            ("size1 + 1", size1 + 1, size2, proof, root1, root2),
            ("size1 ^ 2", size1 ^ 2, size2, proof, root1, root2),
            ("size2 * 2", size1, size2 * 2, proof, root1, root2),
            ("size2 / 2", size1, size2 / 2, proof, root1, root2),
            ("wrong root1", size1, size2, proof, wrong, root2),
            ("wrong root2", size1, size2, proof, root1, wrong),
            ("swapped roots", size1, size2, proof, root2, root1),
            ("empty proof", size1, size2, [], root1, root2),
            ("trailing garbage", size1, size2, [.. proof, []], root1, root2),
            ("trailing root1", size1, size2, [.. proof, root1], root1, root2),
            ("trailing root2", size1, size2, [.. proof, root2], root1, root2),
            ("preceding garbage", size1, size2, [[], .. proof], root1, root2),
            ("preceding root1", size1, size2, [root1, .. proof], root1, root2),
            ("preceding root2", size1, size2, [root2, .. proof], root1, root2),
            ("preceding proof[0]", size1, size2, [proof[0], .. proof], root1, root2),
            ("truncated proof", size1, size2, proof[..^1], root1, root2),
        };
        for (int i = 0; i < proof.Length; i++)
        {
            probes.Add(($"modified proof[{i}] bit 4", size1, size2, FlipBit(proof, i, 16), root1, root2));
        }

        foreach ((string name, long s1, long s2, byte[][] p, byte[] r1, byte[] r2) in probes)
        {
            MerkleVerifier.VerifyConsistency(s1, s2, p, r1, r2).ShouldBeFalse(name);
        }
    }

    [Theory]
    [InlineData(0, 0, "r1", "r2", 0, false)]
    [InlineData(1, 1, "r1", "r2", 0, false)]
    [InlineData(0, 0, "r1", "r1", 0, true)]
    [InlineData(0, 1, "r1", "r2", 0, true)]
    [InlineData(1, 1, "r2", "r2", 0, true)]
    [InlineData(1, 0, "r1", "r2", 0, false)]
    [InlineData(2, 1, "r1", "r2", 0, false)]
    [InlineData(1, 2, "r1", "r2", 0, false)]
    [InlineData(0, 0, "empty", "r2", 0, false)]
    [InlineData(1, 1, "empty", "r2", 0, false)]
    [InlineData(0, 0, "empty", "empty", 1, false)]
    [InlineData(0, 1, "empty", "empty", 1, false)]
    [InlineData(1, 1, "empty", "empty", 1, false)]
    public void VerifyConsistency_EdgeSizes_FollowTheReferenceRules(long size1, long size2, string root1, string root2, int proofLength, bool expected)
    {
        // The "don't care" roots and the edge table of TestVerifyConsistency in proof/verify_test.go.
        byte[][] proof = [.. Enumerable.Repeat(MerkleHash.Empty.ToArray(), proofLength)];

        MerkleVerifier.VerifyConsistency(size1, size2, proof, Root(root1), Root(root2)).ShouldBe(expected);
    }

    [Fact]
    public void Proofs_RandomTrees_VerifyAndFailOnceTampered()
    {
        var random = new Random(9162);
        MerkleTree tree = MerkleTreeTests.Random(random, 257, out byte[][] leaves);
        for (int round = 0; round < 400; round++)
        {
            long size = random.Next(1, 258);
            long index = random.Next(0, (int)size);
            long from = random.Next(0, (int)size + 1);
            byte[] root = tree.Root(size);
            byte[][] inclusion = [.. tree.InclusionProof(index, size)];
            byte[][] consistency = [.. tree.ConsistencyProof(from, size)];

            MerkleVerifier.VerifyInclusion(index, size, leaves[index], inclusion, root).ShouldBeTrue($"inclusion {index} in {size}");
            MerkleVerifier.VerifyConsistency(from, size, consistency, tree.Root(from), root).ShouldBeTrue($"consistency {from} to {size}");
            if (inclusion.Length > 0)
            {
                MerkleVerifier.VerifyInclusion(index, size, leaves[index], FlipBit(inclusion, random.Next(inclusion.Length), 1 << random.Next(8)), root).ShouldBeFalse();
            }

            if (consistency.Length > 0)
            {
                MerkleVerifier.VerifyConsistency(from, size, FlipBit(consistency, random.Next(consistency.Length), 1 << random.Next(8)), tree.Root(from), root).ShouldBeFalse();
            }

            if (size > 1)
            {
                long other = (index + 1 + random.Next((int)size - 1)) % size;
                MerkleVerifier.VerifyInclusion(index, size, leaves[other], inclusion, root).ShouldBeFalse();
            }
        }
    }

    private static byte[] Root(string name) => name switch
    {
        "empty" => MerkleHash.Empty.ToArray(),
        _ => System.Text.Encoding.ASCII.GetBytes("don't care " + name),
    };

    private static byte[][] FlipBit(byte[][] proof, int index, int mask)
    {
        byte[][] copy = [.. proof.Select(p => p.ToArray())];
        copy[index][0] ^= (byte)mask;
        return copy;
    }
}
