using Heed.Storage.Ledger;

namespace Heed.Storage.Tests.Ledger;

public sealed class EntryHasherTests
{
    private static readonly DateTimeOffset At = DateTimeOffset.FromUnixTimeMilliseconds(1_764_201_600_123);

    // Hashes produced by the first version of the encoding (IncrementalHash, field by field). Every stored
    // ledger depends on them: a change here breaks the verification of existing chains.
    [Fact]
    public void Compute_KnownEntries_GivesTheHashesOfTheFirstEncoding()
    {
        byte[] first = EntryHasher.Compute(1, "optout.set", "email:alice@example.com", "marketing.communications.email", At, """{"source":"ui"}""", EntryHasher.Genesis);
        byte[] second = EntryHasher.Compute(2, "key.create", null, null, At, """{"id":"k1","name":"é"}""", first);

        Convert.ToHexStringLower(first).ShouldBe("e69a8204bfb1c6ecb142b2a2687fc3b5e1f2e7e25b6629dae6fd3f5b3f72425b");
        Convert.ToHexStringLower(second).ShouldBe("d2c5288fe0540397c42a88258eee1f9069b9679e47612dd4fb74372672ed8aaf");
    }

    [Fact]
    public void Compute_NullAndEmptySubject_DifferBecauseOfTheLengthPrefix()
    {
        byte[] withNull = EntryHasher.Compute(1, "k", null, "p", At, "{}", EntryHasher.Genesis);
        byte[] withEmpty = EntryHasher.Compute(1, "k", string.Empty, "p", At, "{}", EntryHasher.Genesis);

        withNull.ShouldNotBe(withEmpty);
    }

    [Fact]
    public void Compute_FieldsShiftedBetweenSubjectAndPurpose_Differ()
    {
        byte[] a = EntryHasher.Compute(1, "k", "ab", "c", At, "{}", EntryHasher.Genesis);
        byte[] b = EntryHasher.Compute(1, "k", "a", "bc", At, "{}", EntryHasher.Genesis);

        a.ShouldNotBe(b);
    }

    [Fact]
    public void Compute_BodyLargerThanTheStackBuffer_MatchesTheSameEntryRecomputed()
    {
        string body = $$"""{"evidence":"{{new string('x', 5_000)}}"}""";
        var entry = new LedgerEntry(7, "optout.set", "user:1", "marketing", At, body, EntryHasher.Genesis, []);

        byte[] direct = EntryHasher.Compute(7, "optout.set", "user:1", "marketing", At, body, EntryHasher.Genesis);
        byte[] fromEntry = EntryHasher.Compute(entry);

        direct.ShouldBe(fromEntry);
        direct.Length.ShouldBe(32);
        direct.ShouldNotBe(EntryHasher.Compute(7, "optout.set", "user:1", "marketing", At, body + " ", EntryHasher.Genesis));
    }

    [Fact]
    public void Compute_SubMillisecondDifference_IsNotCovered()
    {
        byte[] truncated = EntryHasher.Compute(1, "k", null, null, At, "{}", EntryHasher.Genesis);
        byte[] precise = EntryHasher.Compute(1, "k", null, null, At.AddTicks(5_000), "{}", EntryHasher.Genesis);

        precise.ShouldBe(truncated);
    }
}
