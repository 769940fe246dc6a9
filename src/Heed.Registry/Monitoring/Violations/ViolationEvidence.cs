using System.Buffers;
using System.Text.Json;
using Heed.Registry.Audit;
using Heed.Registry.Writes;
using Heed.Storage.Ledger;
using Heed.Storage.Monitoring;

namespace Heed.Registry.Monitoring.Violations;

/// <summary>
/// The evidence of a violation found in a receipt (docs/monitoring.md): the receipt, the decision, the ledger entries
/// involved, each with its RFC 6962 inclusion proof against the signed checkpoint it names, and the checkpoint note
/// itself, so a reader can verify it offline with the registry's verifier key.
/// </summary>
public sealed class ViolationEvidence(AuditLog audit, EnforcementRecorder enforcement, TimeProvider time)
{
    // The audit tree follows commits a moment behind; evidence waits this long at most for the entries it proves.
    private static readonly TimeSpan CatchUp = TimeSpan.FromSeconds(2);

    /// <summary>At most this many entries, the newest, are proved: a subject's whole history is not needed.</summary>
    public const int MaxEntries = 64;

    public async Task<JsonElement> BuildAsync(StoredReceipt receipt, ReceiptFinding finding, IReadOnlyList<LedgerEntry> involved, IReadOnlyDictionary<string, string> rule, CancellationToken cancellationToken)
    {
        IReadOnlyList<LedgerEntry> entries = involved.Count > MaxEntries ? [.. involved.Skip(involved.Count - MaxEntries)] : involved;
        SignedCheckpoint? checkpoint = null;
        if (entries.Count > 0)
        {
            await audit.CatchUpAsync(CatchUp, time, cancellationToken);
            checkpoint = await audit.SignAndKeepAsync(cancellationToken);
        }

        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            WriteReceipt(w, receipt);
            WriteDecision(w, receipt);
            if (finding.OptOut is { } optOut)
            {
                w.WriteStartObject("optOut");
                w.WriteNumber("lsn", optOut.Entry.Lsn);
                w.WriteString("purpose", optOut.Entry.Purpose);
                w.WriteString("enforcedAt", optOut.EnforcedAt);
                w.WriteEndObject();
            }

            w.WriteStartObject("rule");
            foreach ((string name, string value) in rule)
            {
                w.WriteString(name, value);
            }

            w.WriteEndObject();
            w.WriteStartArray("entries");
            foreach (LedgerEntry entry in entries)
            {
                WriteEntry(w, entry, checkpoint);
            }

            w.WriteEndArray();
            if (checkpoint is not null)
            {
                w.WriteStartObject("checkpoint");
                w.WriteString("origin", checkpoint.Checkpoint.Origin);
                w.WriteNumber("size", checkpoint.Checkpoint.Size);
                w.WriteBase64String("root", checkpoint.Checkpoint.Root);
                w.WriteString("note", checkpoint.Note);
                w.WriteString("verifierKey", audit.VerifierKey);
                w.WriteEndObject();
            }

            w.WriteEndObject();
        }

        using JsonDocument document = JsonDocument.Parse(buffer.WrittenMemory);
        return document.RootElement.Clone();
    }

    private static void WriteReceipt(Utf8JsonWriter w, StoredReceipt r)
    {
        w.WriteStartObject("receipt");
        w.WriteString("id", r.Id);
        w.WriteNumber("seq", r.Seq);
        w.WriteString("subject", r.Subject);
        w.WriteString("purpose", r.Purpose);
        w.WriteString("service", r.Service);
        w.WriteString("eventId", r.EventId);
        w.WriteString("processedAt", r.ProcessedAt);
        Optional(w, "decisionId", r.DecisionId);
        if (r.Lsn is { } lsn)
        {
            w.WriteNumber("lsn", lsn);
        }

        Optional(w, "enforcementPoint", r.EnforcementPoint);
        w.WriteString("receivedAt", r.ReceivedAt);
        Optional(w, "reporter", r.Reporter);
        w.WriteEndObject();
    }

    private static void WriteDecision(Utf8JsonWriter w, StoredReceipt r)
    {
        if (r.DecisionId is null && r.Lsn is null)
        {
            w.WriteNull("decision");
            return;
        }

        w.WriteStartObject("decision");
        Optional(w, "id", r.DecisionId);
        if (r.Lsn is { } lsn)
        {
            w.WriteNumber("lsn", lsn);
        }

        if (DecisionTime.Of(r.DecisionId) is { } decidedAt)
        {
            w.WriteString("decidedAt", decidedAt);
        }

        w.WriteEndObject();
    }

    // The entry as its audit leaf is made of (at in unix ms, body verbatim), its chain hashes, when it was enforced,
    // and its inclusion proof in the checkpoint's tree (leaf index = lsn - 1).
    private void WriteEntry(Utf8JsonWriter w, LedgerEntry entry, SignedCheckpoint? checkpoint)
    {
        w.WriteStartObject();
        w.WriteNumber("lsn", entry.Lsn);
        w.WriteString("kind", entry.Kind);
        Optional(w, "subject", entry.Subject);
        Optional(w, "purpose", entry.Purpose);
        w.WriteNumber("at", entry.At.ToUnixTimeMilliseconds());
        w.WriteString("body", entry.Body);
        w.WriteString("prevHash", Convert.ToHexStringLower(entry.PrevHash));
        w.WriteString("hash", Convert.ToHexStringLower(entry.Hash));
        if (enforcement.EnforcedAt(entry.Lsn) is { } enforcedAt)
        {
            w.WriteString("enforcedAt", enforcedAt);
        }

        if (checkpoint is not null && entry.Lsn <= checkpoint.Checkpoint.Size)
        {
            w.WriteStartObject("inclusion");
            w.WriteNumber("leafIndex", entry.Lsn - 1);
            w.WriteNumber("treeSize", checkpoint.Checkpoint.Size);
            w.WriteStartArray("hashes");
            foreach (byte[] hash in audit.Tree.InclusionProof(entry.Lsn - 1, checkpoint.Checkpoint.Size))
            {
                w.WriteBase64StringValue(hash);
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        w.WriteEndObject();
    }

    private static void Optional(Utf8JsonWriter w, string name, string? value)
    {
        if (value is not null)
        {
            w.WriteString(name, value);
        }
    }
}
