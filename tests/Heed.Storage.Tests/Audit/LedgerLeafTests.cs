using System.Text;
using Heed.Storage.Audit;
using Heed.Storage.Ledger;

namespace Heed.Storage.Tests.Audit;

public sealed class LedgerLeafTests
{
    private static readonly DateTimeOffset At = DateTimeOffset.FromUnixTimeMilliseconds(1_764_000_000_123);

    [Fact]
    public void Bytes_OptOutEntry_IsCanonicalJsonWithSortedKeys()
    {
        LedgerEntry entry = Entry(7, "optout.set", "email:a@example.com", "marketing", """{"source":"gpc"}""");

        string leaf = Encoding.UTF8.GetString(LedgerLeaf.Bytes(entry));

        leaf.ShouldBe("""{"at":1764000000123,"body":{"source":"gpc"},"kind":"optout.set","lsn":7,"purpose":"marketing","subject":"email:a@example.com"}""");
    }

    [Fact]
    public void Bytes_EntryWithoutSubjectOrPurpose_LeavesThemOut()
    {
        LedgerEntry entry = Entry(1, "key.create", null, null, """{"id":"k1","role":"admin"}""");

        string leaf = Encoding.UTF8.GetString(LedgerLeaf.Bytes(entry));

        leaf.ShouldBe("""{"at":1764000000123,"body":{"id":"k1","role":"admin"},"kind":"key.create","lsn":1}""");
    }

    [Fact]
    public void Bytes_NonAsciiAndHtmlCharacters_AreWrittenAsUtf8NotEscaped()
    {
        LedgerEntry entry = Entry(2, "optout.set", "name:Zoë <ß> 日本 & 'x'", "all", "{}");

        byte[] leaf = LedgerLeaf.Bytes(entry);

        Encoding.UTF8.GetString(leaf).ShouldBe("""{"at":1764000000123,"body":{},"kind":"optout.set","lsn":2,"purpose":"all","subject":"name:Zoë <ß> 日本 & 'x'"}""");
        // The UTF-8 of "subject":"name:Zoë <ß> 日本 & 'x'"}, byte for byte (Python: '…'.encode().hex()).
        Convert.ToHexStringLower(leaf[^40..]).ShouldBe("227375626a656374223a226e616d653a5a6fc3ab203cc39f3e20e697a5e69cac202620277827227d");
    }

    [Fact]
    public void Bytes_QuotesBackslashesAndControlCharacters_AreEscapedMinimally()
    {
        LedgerEntry entry = Entry(3, "optout.set", "a\"b\\c\n\t\u0001\u001f\u007f", "all", "{}");

        string leaf = Encoding.UTF8.GetString(LedgerLeaf.Bytes(entry));

        leaf.ShouldEndWith("\"subject\":\"a\\\"b\\\\c\\n\\t\\u0001\\u001f\u007f\"}");
    }

    [Fact]
    public void Bytes_EntryLargerThanTheStackBuffer_IsWrittenWhole()
    {
        string subject = "name:" + new string('é', 2_000) + "\"";
        string body = $$"""{"evidence":"{{new string('x', 3_000)}}"}""";
        LedgerEntry entry = Entry(9, "optout.set", subject, "all", body);

        byte[] leaf = LedgerLeaf.Bytes(entry);

        Encoding.UTF8.GetString(leaf).ShouldBe($$"""{"at":1764000000123,"body":{{body}},"kind":"optout.set","lsn":9,"purpose":"all","subject":"{{subject.Replace("\"", "\\\"", StringComparison.Ordinal)}}"}""");
        LedgerLeaf.Hash(entry).ShouldBe(MerkleHash.Leaf(leaf));
    }

    [Fact]
    public void Hash_IsTheRfc6962LeafHashOfTheBytes()
    {
        LedgerEntry entry = Entry(1, "key.create", null, null, """{"id":"k1"}""");

        byte[] hash = LedgerLeaf.Hash(entry);

        // sha256(b"\x00" + b'{"at":1764000000123,"body":{"id":"k1"},"kind":"key.create","lsn":1}'), by Python's hashlib.
        Convert.ToHexStringLower(hash).ShouldBe(ExpectedHash);
        hash.ShouldBe(MerkleHash.Leaf(LedgerLeaf.Bytes(entry)));
    }

    private const string ExpectedHash = "156df90f3fde8c3dbbc8ca4834b6fe359a294447935156d1f8e29d921bc14fca";

    private static LedgerEntry Entry(long lsn, string kind, string? subject, string? purpose, string body) =>
        new(lsn, kind, subject, purpose, At, body, new byte[32], new byte[32]);
}
