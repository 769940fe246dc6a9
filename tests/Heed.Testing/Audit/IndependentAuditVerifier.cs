using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using NSec.Cryptography;

namespace Heed.Testing.Audit;

/// <summary>
/// An outside auditor's verifier of Heed's audit log, written from RFC 9162 and the C2SP signed-note spec alone: it
/// shares no code with the registry (its own leaf bytes, its own SHA-256 tree and proofs, its own Ed25519 check), so a
/// test that checks a running registry with it checks the formats docs/audit.md promises, not the code against itself.
/// Failures throw <see cref="InvalidDataException"/>.
/// </summary>
public static class IndependentAuditVerifier
{
    private static readonly JsonSerializerOptions Plain = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>docs/audit.md: SHA-256(0x00 ‖ {"at","body","kind","lsn","purpose"?,"subject"?}).</summary>
    public static byte[] LeafHash(JsonElement entry)
    {
        var json = new StringBuilder();
        json.Append("{\"at\":").Append(entry.GetProperty("at").GetInt64());
        json.Append(",\"body\":").Append(entry.GetProperty("body").GetString());
        json.Append(",\"kind\":").Append(JsonSerializer.Serialize(entry.GetProperty("kind").GetString(), Plain));
        json.Append(",\"lsn\":").Append(entry.GetProperty("lsn").GetInt64());
        foreach (string name in new[] { "purpose", "subject" })
        {
            if (entry.TryGetProperty(name, out JsonElement value) && value.ValueKind == JsonValueKind.String)
            {
                json.Append(",\"").Append(name).Append("\":").Append(JsonSerializer.Serialize(value.GetString(), Plain));
            }
        }

        json.Append('}');
        return SHA256.HashData([0x00, .. Encoding.UTF8.GetBytes(json.ToString())]);
    }

    public static byte[] Node(byte[] left, byte[] right) => SHA256.HashData([0x01, .. left, .. right]);

    /// <summary>MTH(D[n]), RFC 9162 §2.1.1, by its recursive definition.</summary>
    public static byte[] Root(List<byte[]> leaves) => leaves.Count switch
    {
        0 => SHA256.HashData([]),
        1 => leaves[0],
        _ => Node(Root(leaves[..Split(leaves.Count)]), Root(leaves[Split(leaves.Count)..])),
    };

    /// <summary>The root an inclusion proof leads to, by the recursion that defines PATH (§2.1.3.1):
    /// the last hash of the proof is the sibling at the top.</summary>
    public static byte[] RootFromInclusion(long index, long size, byte[] leaf, byte[][] proof)
    {
        if (size == 1)
        {
            return proof.Length == 0 ? leaf : throw new InvalidDataException("an inclusion proof in a tree of one entry is empty");
        }

        if (proof.Length == 0)
        {
            throw new InvalidDataException("the inclusion proof is too short");
        }

        int k = Split((int)size);
        return index < k
            ? Node(RootFromInclusion(index, k, leaf, proof[..^1]), proof[^1])
            : Node(proof[^1], RootFromInclusion(index - k, size - k, leaf, proof[..^1]));
    }

    /// <summary>PROOF(m, D[n]) by the definition of §2.1.4.1, over the leaves.</summary>
    public static byte[][] ConsistencyProof(List<byte[]> leaves, int m) => [.. SubProof(m, leaves, true)];

    /// <summary>Opens a C2SP signed note with an Ed25519 verifier key and reads its checkpoint.</summary>
    public static (string Origin, long Size, byte[] Root) OpenCheckpoint(string note, string verifierKey)
    {
        string[] key = verifierKey.Split('+', 3);
        byte[] blob = Convert.FromBase64String(key[2]);
        Require(blob[0] == 0x01, "the verifier key is not an Ed25519 key");
        byte[] publicKey = blob[1..];
        uint keyId = BinaryPrimitives.ReadUInt32BigEndian(SHA256.HashData([.. Encoding.UTF8.GetBytes(key[0]), 0x0A, 0x01, .. publicKey]));
        Require(key[1] == keyId.ToString("x8", System.Globalization.CultureInfo.InvariantCulture), "the verifier key's id does not match its name and key");

        int split = note.LastIndexOf("\n\n", StringComparison.Ordinal);
        string text = note[..(split + 1)];
        string signatureLine = note[(split + 2)..];
        Require(signatureLine.StartsWith($"\u2014 {key[0]} ", StringComparison.Ordinal) && signatureLine.EndsWith('\n'), "the note has no signature line by the key");
        byte[] signature = Convert.FromBase64String(signatureLine[($"\u2014 {key[0]} ".Length)..^1]);
        Require(BinaryPrimitives.ReadUInt32BigEndian(signature) == keyId, "the signature is by another key");
        PublicKey ed25519 = PublicKey.Import(SignatureAlgorithm.Ed25519, publicKey, KeyBlobFormat.RawPublicKey);
        Require(SignatureAlgorithm.Ed25519.Verify(ed25519, Encoding.UTF8.GetBytes(text), signature.AsSpan(4)), "the checkpoint's signature does not verify");

        string[] lines = text.Split('\n');
        return (lines[0], long.Parse(lines[1], System.Globalization.CultureInfo.InvariantCulture), Convert.FromBase64String(lines[2]));
    }

    private static void Require(bool condition, string what)
    {
        if (!condition)
        {
            throw new InvalidDataException(what);
        }
    }

    private static List<byte[]> SubProof(int m, List<byte[]> leaves, bool complete)
    {
        int n = leaves.Count;
        if (m == n)
        {
            return complete ? [] : [Root(leaves)];
        }

        int k = Split(n);
        return m <= k
            ? [.. SubProof(m, leaves[..k], complete), Root(leaves[k..])]
            : [.. SubProof(m - k, leaves[k..], false), Root(leaves[..k])];
    }

    private static int Split(int n)
    {
        int k = 1;
        while (k * 2 < n)
        {
            k *= 2;
        }

        return k;
    }
}
