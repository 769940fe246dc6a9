using System.Net.Http.Json;
using System.Text.Json;
using Heed.Registry.Tests.Infrastructure;

namespace Heed.Registry.Tests.Api;

/// <summary>
/// A write that asks for what already holds answers <c>"changed": false</c>, and is still a ledger entry: the
/// subject's history keeps every request, the repeated one included.
/// </summary>
public sealed class UnchangedWriteTests(RegistryFixture fixture) : IClassFixture<RegistryFixture>
{
    private RegistryServer Server => fixture.Server;

    [Fact]
    public async Task SetTwice_SecondWrite_ChangedFalseAndStillInHistory()
    {
        HttpClient writer = await Server.ClientAsync("writer");

        JsonElement first = await (await writer.PutAsync("/v1/subjects/user:twice/optouts/analytics", null)).ReadAsync();
        JsonElement second = await (await writer.PutAsync("/v1/subjects/user:twice/optouts/analytics", null)).ReadAsync();
        JsonElement subject = await (await writer.GetAsync("/v1/subjects/user:twice")).ReadAsync();

        first.GetProperty("changed").GetBoolean().ShouldBeTrue();
        second.GetProperty("changed").GetBoolean().ShouldBeFalse();
        second.GetProperty("state").GetString().ShouldBe("opted_out");
        second.GetProperty("lsn").GetInt64().ShouldBeGreaterThan(first.GetProperty("lsn").GetInt64());
        subject.GetProperty("history").EnumerateArray().Select(h => h.GetProperty("action").GetString()).ShouldBe(["set", "set"]);
    }

    [Fact]
    public async Task Clear_NeverOptedOut_ChangedFalse()
    {
        HttpClient writer = await Server.ClientAsync("writer");

        JsonElement cleared = await (await writer.DeleteAsync("/v1/subjects/user:never-set/optouts/analytics")).ReadAsync();

        cleared.GetProperty("changed").GetBoolean().ShouldBeFalse();
        cleared.GetProperty("state").GetString().ShouldBe("allowed");
    }

    [Fact]
    public async Task Clear_ParentOfAnOptedOutChild_ChangedTrue()
    {
        HttpClient writer = await Server.ClientAsync("writer");
        await writer.PutAsync("/v1/subjects/user:child/optouts/marketing.communications.sms", null);

        JsonElement cleared = await (await writer.DeleteAsync("/v1/subjects/user:child/optouts/marketing")).ReadAsync();
        JsonElement again = await (await writer.DeleteAsync("/v1/subjects/user:child/optouts/marketing")).ReadAsync();

        cleared.GetProperty("changed").GetBoolean().ShouldBeTrue();
        again.GetProperty("changed").GetBoolean().ShouldBeFalse();
    }

    [Fact]
    public async Task Set_ChildOfAnOptedOutParent_ChangedTrue()
    {
        // The child becomes an opt-out of its own, which stays when the parent is cleared.
        HttpClient writer = await Server.ClientAsync("writer");
        await writer.PutAsync("/v1/subjects/user:parent/optouts/marketing", null);

        JsonElement set = await (await writer.PutAsync("/v1/subjects/user:parent/optouts/marketing.communications.sms", null)).ReadAsync();

        set.GetProperty("changed").GetBoolean().ShouldBeTrue();
    }

    [Fact]
    public async Task Batch_SameItemsTwice_CountsChangedAndUnchanged()
    {
        HttpClient writer = await Server.ClientAsync("writer");
        object[] items =
        [
            new { subject = "user:batch-a", purpose = "analytics", action = "set" },
            new { subject = "user:batch-b", purpose = "analytics", action = "set" },
            new { subject = "user:batch-a", purpose = "analytics", action = "set" },
            new { subject = "user:batch-c", purpose = "analytics", action = "clear" },
        ];

        JsonElement first = await (await writer.PostAsJsonAsync("/v1/optouts/batch", new { items })).ReadAsync();
        JsonElement second = await (await writer.PostAsJsonAsync("/v1/optouts/batch", new { items })).ReadAsync();

        first.GetProperty("count").GetInt32().ShouldBe(4);
        first.GetProperty("changed").GetInt32().ShouldBe(2);
        first.GetProperty("unchanged").GetInt32().ShouldBe(2);
        second.GetProperty("changed").GetInt32().ShouldBe(0);
        second.GetProperty("unchanged").GetInt32().ShouldBe(4);
    }
}
