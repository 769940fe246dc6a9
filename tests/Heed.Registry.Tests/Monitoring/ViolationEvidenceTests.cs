using System.Text.Json;
using Heed.Registry.Tests.Infrastructure;
using Heed.Storage.Audit;
using Heed.Storage.Ledger;

namespace Heed.Registry.Tests.Monitoring;

/// <summary>
/// The evidence of a violation verifies offline: its checkpoint note opens with the registry's served verifier key, and
/// each ledger entry it names, rebuilt from the evidence alone, is in that checkpoint's tree by its inclusion proof.
/// </summary>
public sealed class ViolationEvidenceTests(ViolationFixture fixture) : IClassFixture<ViolationFixture>
{
    private const string Purpose = "marketing.communications.email";

    private RegistryServer Server => fixture.Server;

    [Fact]
    public async Task EveryEntryOfTheEvidence_IsInTheSignedCheckpointByItsInclusionProof()
    {
        string subject = "user:vio-proof-" + Guid.NewGuid().ToString("N");
        JsonElement decision = await Server.CheckAsync(subject, Purpose);
        await Server.OptOutAsync(subject, "marketing.communications");
        await Server.ClearAsync(subject, "marketing.communications");
        await Server.OptOutAsync(subject, "marketing");
        await Server.ReportAsync(ViolationCalls.Receipt(subject, Purpose, "mailer", DateTimeOffset.UtcNow, decision.GetProperty("decisionId").GetString(), decision.GetProperty("lsn").GetInt64()));
        JsonElement evidence = (await Server.ViolationsOfAsync(subject, "stale_decision")).ShouldHaveSingleItem().GetProperty("evidence");
        using HttpClient auditor = await Server.ClientAsync("auditor");
        NoteVerifier verifier = NoteVerifier.Parse((await auditor.GetStringAsync("/v1/audit/key")).TrimEnd('\n'));

        JsonElement note = evidence.GetProperty("checkpoint");
        verifier.TryOpen(note.GetProperty("note").GetString()!, out string text).ShouldBeTrue();
        Checkpoint.TryParse(text, out Checkpoint? checkpoint).ShouldBeTrue();
        JsonElement[] entries = [.. evidence.GetProperty("entries").EnumerateArray()];
        entries.Select(e => e.GetProperty("kind").GetString()).ShouldBe(["optout.set", "optout.clear", "optout.set"]);
        foreach (JsonElement e in entries)
        {
            LedgerEntry rebuilt = Rebuild(e);
            JsonElement inclusion = e.GetProperty("inclusion");
            byte[][] proof = [.. inclusion.GetProperty("hashes").EnumerateArray().Select(h => h.GetBytesFromBase64())];
            inclusion.GetProperty("treeSize").GetInt64().ShouldBe(checkpoint!.Size);
            MerkleVerifier.VerifyInclusion(inclusion.GetProperty("leafIndex").GetInt64(), checkpoint.Size, LedgerLeaf.Hash(rebuilt), proof, checkpoint.Root).ShouldBeTrue($"lsn {rebuilt.Lsn}");
            MerkleVerifier.VerifyInclusion(inclusion.GetProperty("leafIndex").GetInt64(), checkpoint.Size, LedgerLeaf.Hash(rebuilt with { Purpose = "analytics" }), proof, checkpoint.Root).ShouldBeFalse("a changed entry must not verify");
        }
    }

    // The entry as its leaf is made: every field comes from the evidence.
    private static LedgerEntry Rebuild(JsonElement e) => new(
        e.GetProperty("lsn").GetInt64(),
        e.GetProperty("kind").GetString()!,
        e.TryGetProperty("subject", out JsonElement s) ? s.GetString() : null,
        e.TryGetProperty("purpose", out JsonElement p) ? p.GetString() : null,
        DateTimeOffset.FromUnixTimeMilliseconds(e.GetProperty("at").GetInt64()),
        e.GetProperty("body").GetString()!,
        Convert.FromHexString(e.GetProperty("prevHash").GetString()!),
        Convert.FromHexString(e.GetProperty("hash").GetString()!));
}
