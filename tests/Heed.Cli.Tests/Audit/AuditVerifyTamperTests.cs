using Heed.Cli.Tests.Infrastructure;
using Heed.Storage.Audit;
using Heed.Storage.Ledger;

namespace Heed.Cli.Tests.Audit;

/// <summary>
/// <c>heed audit verify --data</c> on copies of a real registry's data directory, each tampered with through its SQLite
/// file: every tamper fails with exit code 1 and names the entry (or the checkpoint); a clean copy verifies.
/// </summary>
public sealed class AuditVerifyTamperTests(StoppedRegistryData data) : IClassFixture<StoppedRegistryData>
{
    [Fact]
    public async Task CleanCopy_Verifies_AgainstTheCheckpointKeptAtShutdown()
    {
        string copy = data.Copy();

        HeedResult result = await StoppedRegistryData.RunOfflineAsync("audit", "verify", "--data", copy);

        result.ExitCode.ShouldBe(0, result.ToString());
        result.Stdout.ShouldContain($"verified {data.Head} entries, checkpoint size {data.Head}, root ", customMessage: result.ToString());
        result.Stdout.ShouldContain($"(from {Path.Combine(copy, "audit.key")})", customMessage: result.ToString());
    }

    [Fact]
    public async Task CleanCopy_WithTheSavedKeyAndAnEarlierCheckpoint_IsConsistent()
    {
        string copy = data.Copy();
        string since = Path.Combine(copy, "..", $"since-{Guid.NewGuid():N}.txt");
        await File.WriteAllTextAsync(since, data.EarlierCheckpoint);

        try
        {
            HeedResult result = await StoppedRegistryData.RunOfflineAsync("audit", "verify", "--data", copy, "--verifier", data.VerifierKey, "--since", since);

            result.ExitCode.ShouldBe(0, result.ToString());
            result.Stdout.ShouldContain("(from --verifier)", customMessage: result.ToString());
            result.Stdout.ShouldContain($"--since {since}: consistent", customMessage: result.ToString());
        }
        finally
        {
            File.Delete(since);
        }
    }

    [Fact]
    public async Task OneByteOfAnEntryChanged_FailsNamingTheEntry()
    {
        string copy = data.Copy();
        string body = await StoppedRegistryData.ScalarAsync(copy, "SELECT body FROM ledger WHERE lsn = 3;");
        int at = body.IndexOf("preference", StringComparison.Ordinal);
        string changed = body[..at] + "q" + body[(at + 1)..];
        await StoppedRegistryData.ExecuteAsync(copy, "UPDATE ledger SET body = $body WHERE lsn = 3;", ("$body", changed));

        HeedResult result = await StoppedRegistryData.RunOfflineAsync("audit", "verify", "--data", copy);

        result.ExitCode.ShouldBe(1, result.ToString());
        result.Stdout.ShouldContain("FAILED: entry 3 does not match its hash", customMessage: result.ToString());
        result.Stdout.ShouldContain("2 entries passed the chain check", customMessage: result.ToString());
    }

    [Fact]
    public async Task EntryDeleted_FailsNamingTheMissingEntry()
    {
        string copy = await data.CopyAsync("DELETE FROM ledger WHERE lsn = 4;");

        HeedResult result = await StoppedRegistryData.RunOfflineAsync("audit", "verify", "--data", copy);

        result.ExitCode.ShouldBe(1, result.ToString());
        result.Stdout.ShouldContain("FAILED: entry 4 is missing; the next entry is 5", customMessage: result.ToString());
    }

    [Fact]
    public async Task TwoEntriesSwapped_FailsNamingTheFirst()
    {
        // Every column but the LSN trades places between entries 3 and 4.
        string copy = await data.CopyAsync("""
            UPDATE ledger SET lsn = -3 WHERE lsn = 3;
            UPDATE ledger SET lsn = 3 WHERE lsn = 4;
            UPDATE ledger SET lsn = 4 WHERE lsn = -3;
            """);

        HeedResult result = await StoppedRegistryData.RunOfflineAsync("audit", "verify", "--data", copy);

        result.ExitCode.ShouldBe(1, result.ToString());
        result.Stdout.ShouldContain("FAILED: entry 3 does not link to the entry before it", customMessage: result.ToString());
    }

    [Fact]
    public async Task TailTruncated_ChainStillLinks_FailsOnTheKeptCheckpoint()
    {
        // The store keeps no head of its own (it is the last entry), so deleting the last entries leaves a chain
        // that verifies; only the signed checkpoint still says how long the ledger was.
        long keep = data.Head - 2;
        string copy = await data.CopyAsync("DELETE FROM ledger WHERE lsn > $keep;", ("$keep", keep));

        HeedResult result = await StoppedRegistryData.RunOfflineAsync("audit", "verify", "--data", copy);

        result.ExitCode.ShouldBe(1, result.ToString());
        result.Stdout.ShouldContain($"FAILED: the newest kept checkpoint (size {data.Head}) covers {data.Head} entries but the ledger has only {keep}: entries {keep + 1} to {data.Head} are missing (the tail was truncated)", customMessage: result.ToString());
    }

    [Fact]
    public async Task TailTruncatedWithItsCheckpoints_FailsOnTheSavedCheckpoint()
    {
        // Deleting the kept checkpoints too hides it from the store; a checkpoint saved elsewhere still shows it.
        long keep = (StoppedRegistryData.Writes / 2) - 1;
        string copy = await data.CopyAsync("DELETE FROM ledger WHERE lsn > $keep; DELETE FROM checkpoints WHERE size > $keep;", ("$keep", keep));
        string since = Path.Combine(copy, "saved-checkpoint.txt");
        await File.WriteAllTextAsync(since, data.EarlierCheckpoint);

        HeedResult result = await StoppedRegistryData.RunOfflineAsync("audit", "verify", "--data", copy, "--since", since);

        result.ExitCode.ShouldBe(1, result.ToString());
        result.Stdout.ShouldContain($"FAILED: --since {since} covers", customMessage: result.ToString());
        result.Stdout.ShouldContain("(the tail was truncated)", customMessage: result.ToString());
    }

    [Fact]
    public async Task EntryRewrittenWithAConsistentNewChain_FailsOnTheCheckpointRoot()
    {
        // An attacker who recomputes every hash from the changed entry on leaves a chain that verifies.
        string copy = data.Copy();
        await RewriteFromAsync(copy, 3, "{\"source\":\"forged\"}");

        HeedResult result = await StoppedRegistryData.RunOfflineAsync("audit", "verify", "--data", copy);

        result.ExitCode.ShouldBe(1, result.ToString());
        result.Stdout.ShouldContain($"FAILED: the newest kept checkpoint (size {data.Head}) has root ", customMessage: result.ToString());
        result.Stdout.ShouldContain($"an entry up to LSN {data.Head} was changed", customMessage: result.ToString());
    }

    [Fact]
    public async Task CheckpointKeyReplaced_KeptCheckpointsNoLongerVerify()
    {
        string copy = data.Copy();
        using NoteSigner replacement = await ReplaceKeyAsync(copy);

        HeedResult result = await StoppedRegistryData.RunOfflineAsync("audit", "verify", "--data", copy);

        result.ExitCode.ShouldBe(1, result.ToString());
        result.Stdout.ShouldContain($"FAILED: the newest kept checkpoint (size {data.Head}) is not signed by the verifier key {replacement.Name}+{replacement.KeyId:x8}", customMessage: result.ToString());
    }

    [Fact]
    public async Task CheckpointReSignedByANewKey_FailsUnderTheSavedVerifierKey()
    {
        // The attacker replaces the key and re-signs the newest checkpoint with it: the data directory agrees with
        // itself, and only the key saved before (--verifier) tells.
        string copy = data.Copy();
        using NoteSigner replacement = await ReplaceKeyAsync(copy);
        string note = await StoppedRegistryData.ScalarAsync(copy, "SELECT note FROM checkpoints ORDER BY size DESC LIMIT 1;");
        string text = note[..(note.LastIndexOf("\n\n", StringComparison.Ordinal) + 1)];
        await StoppedRegistryData.ExecuteAsync(copy, "UPDATE checkpoints SET note = $note WHERE size = $size;", ("$note", replacement.Sign(text)), ("$size", data.Head));

        HeedResult selfConsistent = await StoppedRegistryData.RunOfflineAsync("audit", "verify", "--data", copy);
        HeedResult trusted = await StoppedRegistryData.RunOfflineAsync("audit", "verify", "--data", copy, "--verifier", data.VerifierKey);

        selfConsistent.ExitCode.ShouldBe(0, "the copy's own key verifies its own checkpoint: " + selfConsistent);
        trusted.ExitCode.ShouldBe(1, trusted.ToString());
        trusted.Stdout.ShouldContain($"FAILED: the newest kept checkpoint (size {data.Head}) is not signed by the verifier key", customMessage: trusted.ToString());
        trusted.Stdout.ShouldContain("(from --verifier)", customMessage: trusted.ToString());
    }

    [Fact]
    public async Task Key_Offline_PrintsTheKeyTheRegistryServed()
    {
        HeedResult result = await StoppedRegistryData.RunOfflineAsync("audit", "key", "--data", data.Copy());

        result.ExitCode.ShouldBe(0, result.ToString());
        result.Stdout.Trim().ShouldBe(data.VerifierKey);
    }

    [Fact]
    public async Task NoDatabase_IsAUsageErrorAndCreatesNothing()
    {
        string empty = Path.Combine(Path.GetTempPath(), "heed-cli-tests", "empty-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(empty);
        await File.WriteAllTextAsync(Path.Combine(empty, "trusted.key"), data.VerifierKey);
        try
        {
            HeedResult result = await StoppedRegistryData.RunOfflineAsync("audit", "verify", "--data", empty, "--verifier", Path.Combine(empty, "trusted.key"));

            result.ExitCode.ShouldBe(2, result.ToString());
            result.Stderr.ShouldContain("there is no ledger database", customMessage: result.ToString());
            Directory.GetFiles(empty).Select(Path.GetFileName).ShouldBe(["trusted.key"]);
        }
        finally
        {
            Directory.Delete(empty, recursive: true);
        }
    }

    // A new audit.key for the same ledger, as removing the old one and restarting would make.
    private async Task<NoteSigner> ReplaceKeyAsync(string copy)
    {
        NoteSigner replacement = NoteSigner.Generate(NoteVerifier.Parse(data.VerifierKey).Name);
        await File.WriteAllTextAsync(Path.Combine(copy, "audit.key"), replacement.ExportSignerKey() + "\n");
        return replacement;
    }

    // Changes one entry's body and recomputes its hash and every later one, as someone with write access to the file could.
    private static async Task RewriteFromAsync(string copy, long lsn, string body)
    {
        await StoppedRegistryData.ExecuteAsync(copy, "UPDATE ledger SET body = $body WHERE lsn = $lsn;", ("$body", body), ("$lsn", lsn));
        byte[] previous = Convert.FromHexString(await StoppedRegistryData.ScalarAsync(copy, $"SELECT hex(hash) FROM ledger WHERE lsn = {lsn - 1};"));
        long head = long.Parse(await StoppedRegistryData.ScalarAsync(copy, "SELECT max(lsn) FROM ledger;"), System.Globalization.CultureInfo.InvariantCulture);
        for (long n = lsn; n <= head; n++)
        {
            string kind = await StoppedRegistryData.ScalarAsync(copy, $"SELECT kind FROM ledger WHERE lsn = {n};");
            string subject = await StoppedRegistryData.ScalarAsync(copy, $"SELECT subject FROM ledger WHERE lsn = {n};");
            string purpose = await StoppedRegistryData.ScalarAsync(copy, $"SELECT purpose FROM ledger WHERE lsn = {n};");
            long at = long.Parse(await StoppedRegistryData.ScalarAsync(copy, $"SELECT at_ms FROM ledger WHERE lsn = {n};"), System.Globalization.CultureInfo.InvariantCulture);
            string entryBody = await StoppedRegistryData.ScalarAsync(copy, $"SELECT body FROM ledger WHERE lsn = {n};");
            byte[] hash = EntryHasher.Compute(n, kind, Null(subject), Null(purpose), DateTimeOffset.FromUnixTimeMilliseconds(at), entryBody, previous);
            await StoppedRegistryData.ExecuteAsync(copy, "UPDATE ledger SET prev_hash = $prev, hash = $hash WHERE lsn = $lsn;", ("$prev", previous), ("$hash", hash), ("$lsn", n));
            previous = hash;
        }
    }

    private static string? Null(string value) => value.Length == 0 ? null : value;
}
