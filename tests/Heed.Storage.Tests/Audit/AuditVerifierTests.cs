using Heed.Storage.Audit;
using Heed.Storage.Ledger;
using Heed.Storage.Sqlite;
using static Heed.Storage.Tests.Conformance.TestEntries;

namespace Heed.Storage.Tests.Audit;

/// <summary><see cref="AuditVerifier"/> on a real store: which checkpoints pass, and what each failure says.</summary>
public sealed class AuditVerifierTests : IAsyncLifetime
{
    private readonly TempDirectory _directory = new();
    private SqliteLedgerStore _store = null!;
    private NoteSigner _signer = null!;
    private MerkleTree _tree = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private NoteVerifier Verifier => NoteVerifier.Parse(_signer.VerifierKey);

    public async ValueTask InitializeAsync()
    {
        _store = await SqliteLedgerStore.OpenAsync(_directory.Combine("data"), Ct);
        await _store.AppendAsync(Sets(6), Ct);
        _signer = NoteSigner.Generate(Checkpoint.OriginOf(await _store.GetLedgerIdAsync(Ct)));
        _tree = await LedgerTree.BuildAsync(_store, Ct);
    }

    public async ValueTask DisposeAsync()
    {
        _signer.Dispose();
        await _store.DisposeAsync();
        _directory.Dispose();
    }

    [Fact]
    public async Task VerifyAsync_CheckpointOfTheWholeLedgerAndAnEarlierOne_Verifies()
    {
        AuditVerification result = await VerifyAsync(Signed(6), Signed(2));

        result.Problems.ShouldBeEmpty();
        result.Entries.ShouldBe(6);
        result.Checkpoint!.Size.ShouldBe(6);
        result.Root.ShouldBe(_tree.Root(6));
        result.Earlier.Select(c => c.Size).ShouldBe([2L]);
    }

    [Fact]
    public async Task VerifyAsync_CheckpointSmallerThanTheLedger_VerifiesAtItsSize()
    {
        AuditVerification result = await VerifyAsync(Signed(4));

        result.Problems.ShouldBeEmpty();
        result.Entries.ShouldBe(6);
        result.Root.ShouldBe(_tree.Root(4));
    }

    [Fact]
    public async Task VerifyAsync_NoCheckpoint_Fails()
    {
        AuditVerification result = await VerifyAsync(null);

        result.Problems.ShouldBe(["there is no signed checkpoint to check the entries against"]);
    }

    [Fact]
    public async Task VerifyAsync_CheckpointBeyondTheLedger_SaysTheTailWasTruncated()
    {
        var checkpoint = new Checkpoint(_signer.Name, 8, _tree.Root(6));

        AuditVerification result = await VerifyAsync(new CheckpointToVerify("kept", _signer.Sign(checkpoint.ToText())));

        result.Problems.ShouldHaveSingleItem().ShouldBe("kept covers 8 entries but the ledger has only 6: entries 7 to 8 are missing (the tail was truncated)");
    }

    [Fact]
    public async Task VerifyAsync_WrongRoot_NamesTheCheckpoint()
    {
        var checkpoint = new Checkpoint(_signer.Name, 5, _tree.Root(4));

        AuditVerification result = await VerifyAsync(new CheckpointToVerify("kept", _signer.Sign(checkpoint.ToText())));

        result.Problems.ShouldHaveSingleItem().ShouldStartWith("kept has root ");
    }

    [Fact]
    public async Task VerifyAsync_SignedByThisKeyForAnotherOrigin_Fails()
    {
        var checkpoint = new Checkpoint("heed/other", 6, _tree.Root(6));

        AuditVerification result = await VerifyAsync(Signed(6), new CheckpointToVerify("--since x", _signer.Sign(checkpoint.ToText())));

        result.Problems.ShouldHaveSingleItem().ShouldBe($"--since x is a checkpoint of 'heed/other', not of this ledger ('{_signer.Name}')");
    }

    [Fact]
    public async Task VerifyAsync_KeyOfAnotherLedger_Fails()
    {
        using NoteSigner other = NoteSigner.Generate("heed/other");

        AuditVerification result = await AuditVerifier.VerifyAsync(ReadAfter, NoteVerifier.Parse(other.VerifierKey), _signer.Name, Signed(6), [], Ct);

        result.Problems.ShouldContain($"the verifier key is the key of 'heed/other', and this ledger's checkpoints are '{_signer.Name}'");
        result.Problems.ShouldContain(p => p.StartsWith("the newest is not signed by the verifier key heed/other+", StringComparison.Ordinal));
    }

    [Fact]
    public async Task VerifyAsync_BrokenChain_NamesTheEntryFirstAndStopsThere()
    {
        IReadOnlyList<LedgerEntry> entries = await _store.ReadAfterAsync(0, 100, Ct);
        LedgerEntry[] forged = [.. entries.Select(e => e.Lsn == 3 ? e with { Body = "{\"source\":\"forged\"}" } : e)];

        AuditVerification result = await AuditVerifier.VerifyAsync(
            (after, _) => Task.FromResult<IReadOnlyList<LedgerEntry>>([.. forged.Where(e => e.Lsn > after)]), Verifier, _signer.Name, Signed(6), [], Ct);

        result.Entries.ShouldBe(2);
        result.Problems[0].ShouldStartWith("entry 3 does not match its hash");
    }

    private CheckpointToVerify Signed(long size) =>
        new("the newest", _signer.Sign(new Checkpoint(_signer.Name, size, _tree.Root(size)).ToText()));

    private Task<IReadOnlyList<LedgerEntry>> ReadAfter(long after, CancellationToken cancellationToken) => _store.ReadAfterAsync(after, 4, cancellationToken);

    private Task<AuditVerification> VerifyAsync(CheckpointToVerify? newest, params CheckpointToVerify[] earlier) =>
        AuditVerifier.VerifyAsync(ReadAfter, Verifier, _signer.Name, newest, earlier, Ct);
}
