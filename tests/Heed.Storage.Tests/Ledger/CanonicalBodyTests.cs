using Heed.Storage.Ledger;
using Heed.Storage.Sqlite;

namespace Heed.Storage.Tests.Ledger;

public sealed class CanonicalBodyTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void Of_Fields_SortedKeysNullsLeftOutAndFieldsKept()
    {
        CanonicalBody body = CanonicalBody.Of(("source", "api"), ("evidence", null), ("key", "k1"));

        body.Json.ShouldBe("""{"key":"k1","source":"api"}""");
        body.Field("source").ShouldBe("api");
        body.Field("evidence").ShouldBeNull();
        CanonicalBody.Read(body.Json, "key").ShouldBe("k1");
    }

    [Fact]
    public void Of_RepeatedKey_Throws() =>
        Should.Throw<ArgumentException>(() => CanonicalBody.Of(("source", "a"), ("source", "b")));

    [Fact]
    public async Task AppendAsync_EntryCopiedWithAnotherBody_StoresTheSourceOfTheNewBody()
    {
        // The fields travel with the entry; a copy with another body must not keep the old body's fields.
        await using SqliteLedgerStore store = await SqliteLedgerStore.OpenAsync(_directory.Path, Ct);
        var built = new NewEntry(EntryKinds.OptOutSet, "user:1", "marketing", DateTimeOffset.UnixEpoch, CanonicalBody.Of(("source", "built")));
        NewEntry copied = built with { Subject = "user:2", Body = """{"source":"copied"}""" };

        await store.AppendAsync([built, copied], Ct);

        (await store.ReadOptOutsAsync("user:1", Ct)).Single().Source.ShouldBe("built");
        (await store.ReadOptOutsAsync("user:2", Ct)).Single().Source.ShouldBe("copied");
        built.ShouldBe(new NewEntry(EntryKinds.OptOutSet, "user:1", "marketing", DateTimeOffset.UnixEpoch, built.Body));
    }
}
