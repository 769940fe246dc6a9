using System.CommandLine;
using System.Globalization;
using Heed.Cli.Commands;
using Heed.Registry.Api;
using Heed.Registry.Api.Contracts;
using Heed.Storage.Audit;
using Heed.Storage.Ledger;
using Heed.Storage.Sqlite;
using Microsoft.Data.Sqlite;

namespace Heed.Cli.Audit;

/// <summary>
/// <c>heed audit verify</c>: recomputes every entry's hash and chain link, every leaf and the Merkle root, and checks
/// the newest signed checkpoint (and any <c>--since</c> ones) against them (docs/audit.md). Offline on a copied data
/// directory (<c>--data DIR</c>, read-only, no registry) or online (<c>--registry URL --key KEY</c>). Exit 0 when
/// everything verifies, 1 on any failure (the first bad entry named), 2 usage, 3 unreachable.
/// </summary>
public static class AuditVerifyCommand
{
    private const int StorePage = 4_096;
    private const int RegistryPage = Heed.Registry.Audit.AuditEndpoints.MaxEntries;

    public static Command Create()
    {
        var data = new Option<string?>("--data") { Description = "Verify this (copied) data directory, read-only, without a registry", HelpName = "DIR" };
        var verifier = new Option<string?>("--verifier")
        {
            Description = "The trusted checkpoint verifier key (name+hexid+base64, as heed audit key prints it), or a file holding it; default: the data directory's audit.key, or the registry's /v1/audit/key",
            HelpName = "KEY|FILE",
        };
        var since = new Option<string[]>("--since")
        {
            Description = "An earlier signed checkpoint (the text of GET /v1/audit/checkpoint saved to a file) the ledger must still be consistent with; may be repeated",
            HelpName = "FILE",
            DefaultValueFactory = _ => [],
        };
        var command = new Command("verify", "Verify the audit log: every entry's hash and chain link, the Merkle root, the signed checkpoints") { data, verifier, since };
        RegistryConnection connection = RegistryConnection.AddTo(command);
        command.SetMappedAction(async (parse, cancellationToken) =>
        {
            string? directory = parse.GetValue(data);
            if (directory is not null && connection.RegistryGiven(parse))
            {
                throw new UsageException("give either --data or --registry, not both");
            }

            (string Key, string Source)? trusted = parse.GetValue(verifier) is { } given ? (ReadKeyOption(given), "--verifier") : null;
            List<CheckpointToVerify> earlier = [.. parse.GetValue(since)!.Select(ReadCheckpointFile)];
            return directory is not null
                ? await OfflineAsync(directory, trusted, earlier, cancellationToken)
                : await OnlineAsync(connection.CreateClient(parse), trusted, earlier, cancellationToken);
        });
        return command;
    }

    private static async Task<int> OfflineAsync(string directory, (string Key, string Source)? trusted, List<CheckpointToVerify> earlier, CancellationToken cancellationToken)
    {
        if (!Directory.Exists(directory))
        {
            throw new UsageException($"--data: there is no directory {directory}");
        }

        (string key, string source) = trusted ?? (AuditDataDirectory.VerifierKey(directory), AuditDataDirectory.KeyPath(directory));
        NoteVerifier verifierKey = ParseKey(key, source);
        SqliteLedgerStore store;
        try
        {
            store = SqliteLedgerStore.OpenReadOnly(directory);
        }
        catch (FileNotFoundException ex)
        {
            throw new UsageException($"--data: {ex.Message}");
        }

        await using (store)
        {
            try
            {
                string origin = Checkpoint.OriginOf(await store.GetLedgerIdAsync(cancellationToken));
                CheckpointRow? kept = await store.ReadLatestCheckpointAsync(cancellationToken);
                CheckpointToVerify? newest = kept is null ? null : new CheckpointToVerify($"the newest kept checkpoint (size {kept.Size})", kept.Note);
                AuditVerification result = await AuditVerifier.VerifyAsync(
                    (after, ct) => store.ReadAfterAsync(after, StorePage, ct), verifierKey, origin, newest, earlier, cancellationToken);
                if (kept is not null && result.Checkpoint is { } opened && opened.Size != kept.Size)
                {
                    result = result with { Problems = [.. result.Problems, $"the checkpoint kept as size {kept.Size} says size {opened.Size}"] };
                }

                return await ReportAsync(result, key, source, earlier);
            }
            catch (Exception ex) when (ex is SqliteException or InvalidCastException or FormatException)
            {
                await Console.Out.WriteLineAsync($"FAILED: the ledger database {store.DatabasePath} cannot be read: {ex.Message}");
                return ExitCodes.Problem;
            }
        }
    }

    private static async Task<int> OnlineAsync(RegistryClient client, (string Key, string Source)? trusted, List<CheckpointToVerify> earlier, CancellationToken cancellationToken)
    {
        using (client)
        {
            (string key, string source) = trusted
                ?? ((await client.GetTextAsync("v1/audit/key", cancellationToken)).Trim(), $"the registry's GET /v1/audit/key ({client.Registry})");
            NoteVerifier verifierKey = ParseKey(key, source);
            string note = await client.GetTextAsync("v1/audit/checkpoint", cancellationToken);
            try
            {
                AuditVerification result = await AuditVerifier.VerifyAsync(
                    (after, ct) => ReadPageAsync(client, after, ct), verifierKey, null, new CheckpointToVerify("the registry's checkpoint", note), earlier, cancellationToken);
                if (result.Verified)
                {
                    result = result with { Problems = await CheckConsistencyProofsAsync(client, result, cancellationToken) };
                }

                return await ReportAsync(result, key, source, earlier);
            }
            catch (FormatException ex)
            {
                await Console.Out.WriteLineAsync($"FAILED: the registry sent an entry or a proof that is not well-formed: {ex.Message}");
                return ExitCodes.Problem;
            }
        }
    }

    // The registry's own consistency proofs, from each earlier checkpoint to its current one, must verify too: what an
    // auditor without the entries would rely on. (Their roots were already recomputed from every entry.)
    private static async Task<List<string>> CheckConsistencyProofsAsync(RegistryClient client, AuditVerification result, CancellationToken cancellationToken)
    {
        var problems = new List<string>();
        Checkpoint newest = result.Checkpoint!;
        foreach (Checkpoint earlier in result.Earlier.Where(c => c.Size <= newest.Size))
        {
            string path = $"v1/audit/proof/consistency?from={earlier.Size.ToString(CultureInfo.InvariantCulture)}&to={newest.Size.ToString(CultureInfo.InvariantCulture)}";
            ConsistencyProofResponse proof = await client.GetAsync(path, RegistryJsonContext.Default.ConsistencyProofResponse, cancellationToken);
            if (!MerkleVerifier.VerifyConsistency(earlier.Size, newest.Size, [.. proof.Hashes.Select(Convert.FromBase64String)], earlier.Root, newest.Root))
            {
                problems.Add($"the registry's consistency proof from size {earlier.Size} to {newest.Size} does not verify");
            }
        }

        return problems;
    }

    // One page of GET /v1/audit/entries as ledger entries; only this page is held.
    private static async Task<IReadOnlyList<LedgerEntry>> ReadPageAsync(RegistryClient client, long after, CancellationToken cancellationToken)
    {
        string from = (after + 1).ToString(CultureInfo.InvariantCulture);
        AuditEntriesResponse page = await client.GetAsync($"v1/audit/entries?from={from}&limit={RegistryPage}", RegistryJsonContext.Default.AuditEntriesResponse, cancellationToken);
        return [.. page.Entries.Select(e => new LedgerEntry(
            e.Lsn, e.Kind, e.Subject, e.Purpose, DateTimeOffset.FromUnixTimeMilliseconds(e.At), e.Body, Convert.FromHexString(e.PrevHash), Convert.FromHexString(e.Hash)))];
    }

    private static async Task<int> ReportAsync(AuditVerification result, string key, string source, List<CheckpointToVerify> earlier)
    {
        await Console.Out.WriteLineAsync($"checkpoint key: {key} (from {source})");
        if (result.Verified)
        {
            foreach (CheckpointToVerify given in earlier)
            {
                await Console.Out.WriteLineAsync($"{given.Source}: consistent");
            }

            await Console.Out.WriteLineAsync($"verified {result.Entries} entries, checkpoint size {result.Checkpoint!.Size}, root {Convert.ToBase64String(result.Root)}");
            return ExitCodes.Ok;
        }

        foreach (string problem in result.Problems)
        {
            await Console.Out.WriteLineAsync("FAILED: " + problem);
        }

        await Console.Out.WriteLineAsync($"the audit log does not verify ({result.Entries} entries passed the chain check)");
        return ExitCodes.Problem;
    }

    private static NoteVerifier ParseKey(string key, string source)
    {
        try
        {
            return NoteVerifier.Parse(key);
        }
        catch (FormatException ex)
        {
            throw new UsageException($"the verifier key from {source} cannot be used: {ex.Message}");
        }
    }

    // The key itself, or the name of a file holding it (as heed audit key > trusted.key wrote it).
    private static string ReadKeyOption(string value)
    {
        if (!File.Exists(value))
        {
            return value.Trim();
        }

        try
        {
            return File.ReadAllText(value).Trim();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"--verifier: cannot read {value}: {ex.Message}");
        }
    }

    private static CheckpointToVerify ReadCheckpointFile(string path)
    {
        try
        {
            return new CheckpointToVerify($"--since {path}", File.ReadAllText(path));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"--since: cannot read {path}: {ex.Message}");
        }
    }
}
