using System.Net;
using System.Text.Json;
using Heed.Registry.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;

namespace Heed.Registry.Tests.Overrides;

/// <summary>An override ends by itself: active before its end, expired from its end on, by the registry's clock.</summary>
public sealed class OverrideExpiryTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero));
    private RegistryServer _server = null!;

    public async ValueTask InitializeAsync()
    {
        _server = await RegistryServer.StartAsync(time: _time);

        // Nothing is acknowledged for one lease after start (docs/replication.md); let that pass.
        _time.Advance(TimeSpan.FromSeconds(1));
    }

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task State_AtTheBoundary_IsActiveOneMillisecondBeforeTheEndAndExpiredAtIt()
    {
        using HttpClient admin = await _server.ClientAsync("admin");
        using HttpClient second = await _server.SecondAdminAsync();
        string id = await admin.RequestOverrideAsync("""{"service":"checkout","purposes":["marketing"],"ttl":"1h","reason":"INC-11"}""");
        _time.Advance(TimeSpan.FromMinutes(5));
        DateTimeOffset approvedAt = _time.GetUtcNow();

        HttpResponseMessage approved = await second.ApproveAsync(id);

        approved.StatusCode.ShouldBe(HttpStatusCode.OK);
        DateTimeOffset endsAt = (await approved.ReadAsync()).GetProperty("endsAt").GetDateTimeOffset();
        endsAt.ShouldBe(approvedAt.AddHours(1));
        _time.Advance(endsAt - _time.GetUtcNow() - TimeSpan.FromMilliseconds(1));
        (await admin.ShowAsync(id)).GetProperty("state").GetString().ShouldBe("active");
        _time.Advance(TimeSpan.FromMilliseconds(1));
        (await admin.ShowAsync(id)).GetProperty("state").GetString().ShouldBe("expired");
        JsonElement listed = (await (await admin.GetAsync("/v1/overrides")).ReadAsync()).GetProperty("overrides")[0];
        listed.GetProperty("state").GetString().ShouldBe("expired");
        await (await admin.RevokeAsync(id)).ShouldBeProblemAsync(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task Approve_LongAfterTheRequest_StillRunsTheWholeTtlFromApproval()
    {
        using HttpClient admin = await _server.ClientAsync("admin");
        using HttpClient second = await _server.SecondAdminAsync();
        string id = await admin.RequestOverrideAsync("""{"service":"checkout","purposes":["marketing"],"ttl":"30m","reason":"INC-12"}""");
        _time.Advance(TimeSpan.FromHours(3));

        JsonElement approved = await (await second.ApproveAsync(id)).ReadAsync();

        approved.GetProperty("endsAt").GetDateTimeOffset().ShouldBe(_time.GetUtcNow().AddMinutes(30));
        (await admin.ShowAsync(id)).GetProperty("state").GetString().ShouldBe("active");
    }
}
