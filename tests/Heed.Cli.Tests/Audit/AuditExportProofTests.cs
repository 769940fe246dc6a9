using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Heed.Cli.Audit;
using Heed.Cli.Tests.Infrastructure;
using Heed.Testing.Audit;

namespace Heed.Cli.Tests.Audit;

/// <summary>
/// A regulator verifies an exported record without trusting the registry: each request's leaf leads, through its
/// inclusion proof, to the root of the signed checkpoint in the record, and the leaf is that request's ledger entry.
/// Checked with <see cref="IndependentAuditVerifier"/>, which shares no code with the registry.
/// </summary>
public sealed class AuditExportProofTests(RegistryProcess registry) : IClassFixture<RegistryProcess>
{
    [Fact]
    public async Task Export_Json_EveryRequestProvesItsInclusionInTheSignedCheckpoint()
    {
        // Arrange: the subject's entries between other subjects' entries, so the proofs are not trivial.
        for (int i = 0; i < 5; i++)
        {
            await registry.RunAsync("optout", "set", $"user:proof-noise-{i}", "analytics");
            HeedResult written = i % 2 == 0
                ? await registry.RunAsync("optout", "set", "email:proof@example.com", "marketing", "--source", "preference-center")
                : await registry.RunAsync("optout", "clear", "email:proof@example.com", "marketing");
            written.ExitCode.ShouldBe(0, written.ToString());
        }

        string key = await VerifierKeyAsync();

        // Act
        HeedResult exported = await registry.RunAsync("audit", "export", "--subject", "email:proof@example.com");

        // Assert
        exported.ExitCode.ShouldBe(0, exported.ToString());
        JsonElement record = JsonDocument.Parse(exported.Stdout).RootElement;
        (string origin, long size, byte[] root) = IndependentAuditVerifier.OpenCheckpoint(record.GetProperty("checkpoint").GetString()!, key);
        origin.ShouldStartWith("heed/");
        JsonElement[] requests = [.. record.GetProperty("requests").EnumerateArray()];
        requests.Length.ShouldBe(5);
        requests.Where(r => r.GetProperty("request").GetString() == "opt-out").ShouldAllBe(r => r.GetProperty("source").GetString() == "preference-center");
        foreach (JsonElement request in requests)
        {
            JsonElement proof = request.GetProperty("proof");
            byte[] leaf = Convert.FromBase64String(proof.GetProperty("leaf").GetString()!);
            byte[][] hashes = [.. proof.GetProperty("hashes").EnumerateArray().Select(h => Convert.FromBase64String(h.GetString()!))];
            long index = proof.GetProperty("leafIndex").GetInt64();
            proof.GetProperty("treeSize").GetInt64().ShouldBe(size);
            IndependentAuditVerifier.RootFromInclusion(index, size, SHA256.HashData([0x00, .. leaf]), hashes).ShouldBe(root, $"the proof of LSN {request.GetProperty("lsn")}");
            JsonElement entry = JsonDocument.Parse(leaf).RootElement;
            entry.GetProperty("lsn").GetInt64().ShouldBe(request.GetProperty("lsn").GetInt64());
            entry.GetProperty("lsn").GetInt64().ShouldBe(index + 1);
            entry.GetProperty("subject").GetString().ShouldBe("email:proof@example.com");
            entry.GetProperty("purpose").GetString().ShouldBe("marketing");
            byte[] forged = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(leaf).Replace("\"marketing\"", "\"analytics\"", StringComparison.Ordinal));
            IndependentAuditVerifier.RootFromInclusion(index, size, SHA256.HashData([0x00, .. forged]), hashes).ShouldNotBe(root, "a changed entry does not verify");
        }
    }

    [Fact]
    public async Task Export_CsvToFile_ProofColumnsAndTheCheckpointBesideIt()
    {
        // Arrange
        await registry.RunAsync("optout", "set", "user:proof-csv", "analytics");
        await registry.RunAsync("optout", "set", "user:proof-csv-other", "analytics");
        string key = await VerifierKeyAsync();
        string path = Path.Combine(Path.GetTempPath(), $"heed-record-{Guid.NewGuid():N}.csv");

        try
        {
            // Act
            HeedResult exported = await registry.RunAsync("audit", "export", "--subject", "user:proof-csv", "--format", "csv", "--output", path);

            // Assert
            exported.ExitCode.ShouldBe(0, exported.ToString());
            exported.Stdout.ShouldContain(path + ".checkpoint");
            (_, long size, byte[] root) = IndependentAuditVerifier.OpenCheckpoint(await File.ReadAllTextAsync(path + ".checkpoint"), key);
            string[] lines = (await File.ReadAllTextAsync(path)).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
            lines[0].ShouldBe(AuditExportCommand.CsvHeader);
            string[] row = lines[1].Split(',');
            row.Length.ShouldBe(AuditExportCommand.CsvHeader.Split(',').Length);
            long.Parse(row[^4], System.Globalization.CultureInfo.InvariantCulture).ShouldBe(size);
            long index = long.Parse(row[^3], System.Globalization.CultureInfo.InvariantCulture);
            byte[] leaf = Convert.FromBase64String(row[^2]);
            byte[][] hashes = [.. row[^1].Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(Convert.FromBase64String)];
            IndependentAuditVerifier.RootFromInclusion(index, size, SHA256.HashData([0x00, .. leaf]), hashes).ShouldBe(root);
        }
        finally
        {
            File.Delete(path);
            File.Delete(path + ".checkpoint");
        }
    }

    /// <summary>The verifier key, as an auditor fetches it once and keeps it (GET /v1/audit/key).</summary>
    private async Task<string> VerifierKeyAsync()
    {
        using var client = new HttpClient { BaseAddress = registry.Url };
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", registry.AdminKey);
        return (await client.GetStringAsync("/v1/audit/key")).Trim();
    }
}
