using System.Buffers.Binary;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Heed.Registry.Hosting;
using Heed.Registry.Tests.Infrastructure;
using NSec.Cryptography;

namespace Heed.Registry.Tests.Audit;

/// <summary>
/// The audit endpoints of a running registry, checked by <see cref="Verifier"/>: a verifier written here from
/// RFC 9162 and the C2SP signed-note spec that shares no code with the registry (its own leaf bytes, its own
/// SHA-256 tree and proofs, its own Ed25519 check), as an outside auditor would write one.
/// </summary>
public sealed class AuditLogTests
{
    private const string Purpose = "marketing.communications.email";

    [Fact]
    public async Task Checkpoint_IsSignedByTheServedKey_AndCoversExactlyTheServedEntries()
    {
        // Arrange
        await using RegistryServer server = await RegistryServer.StartAsync();
        await WriteAsync(server, 5);
        HttpClient auditor = await server.ClientAsync("auditor");

        // Act
        string key = (await auditor.GetStringAsync("/v1/audit/key")).TrimEnd('\n');
        HttpResponseMessage response = await auditor.GetAsync("/v1/audit/checkpoint");
        string note = await response.Content.ReadAsStringAsync();
        List<byte[]> leaves = await LeavesAsync(auditor);

        // Assert
        response.Content.Headers.ContentType!.MediaType.ShouldBe("text/plain");
        (string origin, long size, byte[] root) = Verifier.OpenCheckpoint(note, key);
        origin.ShouldStartWith("heed/");
        key.ShouldStartWith(origin + "+");
        size.ShouldBe(leaves.Count);
        root.ShouldBe(Verifier.Root(leaves));
    }

    [Fact]
    public async Task InclusionProof_EveryEntry_VerifiesAgainstTheCheckpoint()
    {
        // Arrange
        await using RegistryServer server = await RegistryServer.StartAsync();
        await WriteAsync(server, 6);
        HttpClient auditor = await server.ClientAsync("auditor");
        string key = (await auditor.GetStringAsync("/v1/audit/key")).TrimEnd('\n');
        (_, long size, byte[] root) = Verifier.OpenCheckpoint(await auditor.GetStringAsync("/v1/audit/checkpoint"), key);
        List<byte[]> leaves = await LeavesAsync(auditor);

        for (long lsn = 1; lsn <= size; lsn++)
        {
            // Act
            JsonElement proof = await (await auditor.GetAsync($"/v1/audit/proof/inclusion?lsn={lsn}&size={size}")).EnsureSuccessStatusCode().ReadAsync();

            // Assert
            proof.GetProperty("leafIndex").GetInt64().ShouldBe(lsn - 1);
            byte[][] hashes = Hashes(proof);
            Verifier.RootFromInclusion(lsn - 1, size, leaves[(int)lsn - 1], hashes).ShouldBe(root, $"lsn {lsn}");
            Verifier.RootFromInclusion(lsn - 1, size, leaves[(int)(lsn % size)], hashes).ShouldNotBe(root, $"lsn {lsn} with another leaf");
        }
    }

    [Fact]
    public async Task Checkpoint_GrowsWithWrites_AndTheTwoAreConsistent()
    {
        // Arrange
        await using RegistryServer server = await RegistryServer.StartAsync();
        await WriteAsync(server, 3);
        HttpClient auditor = await server.ClientAsync("auditor");
        string key = (await auditor.GetStringAsync("/v1/audit/key")).TrimEnd('\n');
        (_, long size1, byte[] root1) = Verifier.OpenCheckpoint(await auditor.GetStringAsync("/v1/audit/checkpoint"), key);

        // Act
        await WriteAsync(server, 4);
        (_, long size2, byte[] root2) = Verifier.OpenCheckpoint(await auditor.GetStringAsync("/v1/audit/checkpoint"), key);
        JsonElement proof = await (await auditor.GetAsync($"/v1/audit/proof/consistency?from={size1}&to={size2}")).EnsureSuccessStatusCode().ReadAsync();

        // Assert
        size2.ShouldBe(size1 + 4);
        List<byte[]> leaves = await LeavesAsync(auditor);
        root1.ShouldBe(Verifier.Root(leaves[..(int)size1]));
        root2.ShouldBe(Verifier.Root(leaves[..(int)size2]));
        byte[][] served = Hashes(proof);
        served.ShouldNotBeEmpty();
        served.ShouldBe(Verifier.ConsistencyProof(leaves[..(int)size2], (int)size1));
    }

    [Fact]
    public async Task Checkpoint_SameSize_IsTheSameNote()
    {
        await using RegistryServer server = await RegistryServer.StartAsync();
        HttpClient auditor = await server.ClientAsync("auditor");

        string first = await auditor.GetStringAsync("/v1/audit/checkpoint");
        string second = await auditor.GetStringAsync("/v1/audit/checkpoint");

        second.ShouldBe(first);
    }

    [Fact]
    public async Task KeyFile_IsPrivate_AndKeptAcrossARestart_WhoseTreeExtendsTheOldCheckpoint()
    {
        // Arrange
        string data;
        string adminKey;
        string keyBefore;
        string noteBefore;
        await using (RegistryServer first = await RegistryServer.StartAsync())
        {
            first.DeleteDataOnDispose = false;
            data = first.DataDirectory;
            adminKey = first.AdminKey;
            await WriteAsync(first, 2);
            using HttpClient admin = first.WithKey(adminKey);
            keyBefore = await admin.GetStringAsync("/v1/audit/key");
            noteBefore = await admin.GetStringAsync("/v1/audit/checkpoint");
        }

        // Act
        await using RegistryServer second = await RegistryServer.StartAsync(data, adminKey);
        await WriteAsync(second, 3);
        using HttpClient again = second.WithKey(adminKey);
        string keyAfter = await again.GetStringAsync("/v1/audit/key");
        string noteAfter = await again.GetStringAsync("/v1/audit/checkpoint");

        // Assert
        keyAfter.ShouldBe(keyBefore);
        if (!OperatingSystem.IsWindows())
        {
            File.GetUnixFileMode(Path.Combine(data, AuditKeyFileName)).ShouldBe(UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        (_, long size1, byte[] root1) = Verifier.OpenCheckpoint(noteBefore, keyAfter.TrimEnd('\n'));
        (_, long size2, byte[] root2) = Verifier.OpenCheckpoint(noteAfter, keyAfter.TrimEnd('\n'));
        List<byte[]> leaves = await LeavesAsync(again);
        size2.ShouldBe(leaves.Count);
        size2.ShouldBeGreaterThanOrEqualTo(size1 + 3); // and the new writer key
        root1.ShouldBe(Verifier.Root(leaves[..(int)size1]));
        root2.ShouldBe(Verifier.Root(leaves));
        JsonElement proof = await (await again.GetAsync($"/v1/audit/proof/consistency?from={size1}")).EnsureSuccessStatusCode().ReadAsync();
        Hashes(proof).ShouldBe(Verifier.ConsistencyProof(leaves, (int)size1));
    }

    [Theory]
    [InlineData("not a key\n")]
    [InlineData("PRIVATE+KEY+heed/x+00000000+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz\n")]
    public async Task KeyFile_Garbage_RefusesToStartAndSaysWhy(string content)
    {
        string data = Path.Combine(Path.GetTempPath(), "heed-registry-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(data);
        await File.WriteAllTextAsync(Path.Combine(data, AuditKeyFileName), content);
        try
        {
            RegistryConfigurationException error = await Should.ThrowAsync<RegistryConfigurationException>(() => RegistryServer.StartAsync(data));

            error.Message.ShouldContain(AuditKeyFileName);
            error.Message.ShouldContain("cannot be used");
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }

    [Fact]
    public async Task KeyFile_OfAnotherLedger_RefusesToStart()
    {
        string data = Path.Combine(Path.GetTempPath(), "heed-registry-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(data);
        using (var other = Heed.Storage.Audit.NoteSigner.Generate("heed/another-ledger"))
        {
            await File.WriteAllTextAsync(Path.Combine(data, AuditKeyFileName), other.ExportSignerKey());
        }

        try
        {
            RegistryConfigurationException error = await Should.ThrowAsync<RegistryConfigurationException>(() => RegistryServer.StartAsync(data));

            error.Message.ShouldContain("'heed/another-ledger'");
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }

    [Theory]
    [InlineData("/v1/audit/proof/inclusion?lsn=0&size=2", "lsn")]
    [InlineData("/v1/audit/proof/inclusion?lsn=3&size=2", "lsn")]
    [InlineData("/v1/audit/proof/inclusion?lsn=1&size=999", "size")]
    [InlineData("/v1/audit/proof/inclusion?lsn=abc", "lsn")]
    [InlineData("/v1/audit/proof/inclusion", "lsn")]
    [InlineData("/v1/audit/proof/consistency?from=3&to=2", "from")]
    [InlineData("/v1/audit/proof/consistency?from=1&to=-1", "to")]
    [InlineData("/v1/audit/proof/consistency?to=2", "from")]
    [InlineData("/v1/audit/entries?from=0", "from")]
    [InlineData("/v1/audit/entries?limit=100000", "limit")]
    public async Task Proofs_BadNumbers_Give400NamingTheParameter(string path, string parameter)
    {
        await using RegistryServer server = await RegistryServer.StartAsync();
        await WriteAsync(server, 2);
        HttpClient auditor = await server.ClientAsync("auditor");

        HttpResponseMessage response = await auditor.GetAsync(path);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        (await response.ReadAsync()).GetProperty("errors").TryGetProperty(parameter, out _).ShouldBeTrue();
    }

    private const string AuditKeyFileName = "audit.key";

    private static async Task WriteAsync(RegistryServer server, int count)
    {
        HttpClient writer = await server.ClientAsync("writer");
        for (int i = 0; i < count; i++)
        {
            (await writer.PutAsJsonAsync($"/v1/subjects/email:audit{Guid.NewGuid():N}@example.com/optouts/{Purpose}", new { source = "preference-center" })).EnsureSuccessStatusCode();
        }
    }

    private static async Task<List<byte[]>> LeavesAsync(HttpClient client)
    {
        var leaves = new List<byte[]>();
        long? from = 1;
        while (from is { } next)
        {
            JsonElement page = await (await client.GetAsync($"/v1/audit/entries?from={next}&limit=2")).EnsureSuccessStatusCode().ReadAsync();
            foreach (JsonElement entry in page.GetProperty("entries").EnumerateArray())
            {
                entry.GetProperty("lsn").GetInt64().ShouldBe(leaves.Count + 1);
                leaves.Add(Verifier.LeafHash(entry));
            }

            from = page.GetProperty("next").ValueKind == JsonValueKind.Null ? null : page.GetProperty("next").GetInt64();
        }

        return leaves;
    }

    private static byte[][] Hashes(JsonElement proof) => [.. proof.GetProperty("hashes").EnumerateArray().Select(h => Convert.FromBase64String(h.GetString()!))];

    /// <summary>An outside auditor's verifier, from the specs alone.</summary>
    private static class Verifier
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
                proof.ShouldBeEmpty();
                return leaf;
            }

            proof.ShouldNotBeEmpty();
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
            blob[0].ShouldBe((byte)0x01);
            byte[] publicKey = blob[1..];
            uint keyId = BinaryPrimitives.ReadUInt32BigEndian(SHA256.HashData([.. Encoding.UTF8.GetBytes(key[0]), 0x0A, 0x01, .. publicKey]));
            key[1].ShouldBe(keyId.ToString("x8", System.Globalization.CultureInfo.InvariantCulture));

            int split = note.LastIndexOf("\n\n", StringComparison.Ordinal);
            string text = note[..(split + 1)];
            string signatureLine = note[(split + 2)..];
            signatureLine.ShouldStartWith($"\u2014 {key[0]} ");
            signatureLine.ShouldEndWith("\n");
            byte[] signature = Convert.FromBase64String(signatureLine[($"\u2014 {key[0]} ".Length)..^1]);
            BinaryPrimitives.ReadUInt32BigEndian(signature).ShouldBe(keyId);
            PublicKey ed25519 = PublicKey.Import(SignatureAlgorithm.Ed25519, publicKey, KeyBlobFormat.RawPublicKey);
            SignatureAlgorithm.Ed25519.Verify(ed25519, Encoding.UTF8.GetBytes(text), signature.AsSpan(4)).ShouldBeTrue("the checkpoint's signature");

            string[] lines = text.Split('\n');
            return (lines[0], long.Parse(lines[1], System.Globalization.CultureInfo.InvariantCulture), Convert.FromBase64String(lines[2]));
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
}
