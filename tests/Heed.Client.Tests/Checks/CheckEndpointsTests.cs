using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Heed.Client.Enforcement;
using Heed.Client.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace Heed.Client.Tests.Checks;

/// <summary>
/// The SDK's HTTP check API over a hand-filled replica on real Kestrel: what only a replica does (a lease,
/// a token applied while waiting). What every host answers alike is in <see cref="SdkCheckApiTests"/>.
/// </summary>
public sealed class CheckEndpointsTests : IAsyncLifetime
{
    private const string Email = "marketing.communications.email";
    private HeedEnforcer _enforcer = TestReplica.Create();
    private TestWebApp _app = null!;

    public async ValueTask InitializeAsync()
    {
        TestReplica.OptOut(_enforcer, "user:2", "marketing");
        _enforcer.MarkApplied(9);
        await StartAsync();
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task Check_TokenAppliedWhileWaiting_AnswersFromNewState()
    {
        // Arrange: user:5 is allowed as the table stands; its opt-out at LSN 10 lands only once the
        // check is waiting for token 10. An endpoint that ignored the token would answer allowed.
        // The token wait is long, so a loaded machine cannot turn this into a timeout.
        _enforcer = TestReplica.Create(tokenWait: Waits.Default);
        _enforcer.MarkApplied(9);
        var watched = new WatchedEnforcer(_enforcer);
        await _app.DisposeAsync();
        await StartAsync(watched);
        using HttpClient client = _app.CreateClient();

        // Act
        Task<HttpResponseMessage> sending = client.PostAsJsonAsync("/v1/check", new { subject = "user:5", purpose = Email, token = 10 });
        (await Task.WhenAny(watched.TokenCheckStarted, sending).WaitAsync(Waits.Default)).ShouldBe(watched.TokenCheckStarted, "the check answered without waiting for the token");
        TestReplica.OptOut(_enforcer, "user:5", "marketing.communications");
        _enforcer.MarkApplied(10);
        JsonElement body = await (await sending.WaitAsync(Waits.Default)).Content.ReadFromJsonAsync<JsonElement>();

        // Assert
        body.GetProperty("allowed").GetBoolean().ShouldBeFalse();
        body.GetProperty("reason").GetString().ShouldBe("opted_out");
        body.GetProperty("lsn").GetInt64().ShouldBe(10);
    }

    [Fact]
    public async Task Check_TokenBeyondApplied_WaitsThenUnconfirmed()
    {
        // Arrange
        using HttpClient client = _app.CreateClient();

        // Act
        JsonElement body = await (await client.PostAsJsonAsync("/v1/check", new { subject = "user:1", purpose = Email, token = 10 })).Content.ReadFromJsonAsync<JsonElement>();

        // Assert
        body.GetProperty("allowed").GetBoolean().ShouldBeFalse();
        body.GetProperty("reason").GetString().ShouldBe("unconfirmed");
    }

    [Fact]
    public async Task CheckBatch_NoLease_EveryItemUnconfirmedAndNoneAllowed()
    {
        // Arrange: G2 for the batch endpoint: the table says user:1 is allowed, but without a lease the
        // replica cannot prove it is fresh, so nothing in the batch may be answered from it.
        await _app.DisposeAsync();
        _enforcer = TestReplica.Create(leased: false);
        TestReplica.OptOut(_enforcer, "user:2", "marketing");
        await StartAsync();
        using HttpClient client = _app.CreateClient();
        var items = new[]
        {
            new { subject = "user:1", purpose = Email },
            new { subject = "user:2", purpose = Email },
            new { subject = "user:3", purpose = "essential.service" },
        };

        // Act
        HttpResponseMessage response = await client.PostAsJsonAsync("/v1/check/batch", new { items });

        // Assert
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        JsonElement[] results = [.. (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("results").EnumerateArray()];
        results.Length.ShouldBe(3);
        results.ShouldAllBe(r => !r.GetProperty("allowed").GetBoolean() && r.GetProperty("reason").GetString() == "unconfirmed");
    }

    [Fact]
    public async Task Readyz_LeaseValid_Gives200()
    {
        // Arrange
        using HttpClient client = _app.CreateClient();

        // Act
        HttpResponseMessage ready = await client.GetAsync("/readyz");
        HttpResponseMessage live = await client.GetAsync("/healthz");

        // Assert
        ready.StatusCode.ShouldBe(HttpStatusCode.OK);
        live.StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Check_OverriddenOptOut_AnswersOverrideWithIdSingleAndBatch()
    {
        // Arrange: user:2 opted out of marketing; an override covers marketing.
        TestReplica.Override(_enforcer, "ovr_0123456789abcdef", "marketing");
        using HttpClient client = _app.CreateClient();

        // Act
        JsonElement single = await (await client.PostAsJsonAsync("/v1/check", new { subject = "user:2", purpose = Email })).Content.ReadFromJsonAsync<JsonElement>();
        JsonElement batch = await (await client.PostAsJsonAsync("/v1/check/batch", new { items = new[] { new { subject = "user:2", purpose = Email }, new { subject = "user:2", purpose = "analytics" } } }))
            .Content.ReadFromJsonAsync<JsonElement>();

        // Assert
        single.GetProperty("allowed").GetBoolean().ShouldBeTrue();
        single.GetProperty("reason").GetString().ShouldBe("override");
        single.GetProperty("overrideId").GetString().ShouldBe("ovr_0123456789abcdef");
        single.GetProperty("matched").GetString().ShouldBe("marketing");
        JsonElement[] results = [.. batch.GetProperty("results").EnumerateArray()];
        results[0].GetProperty("reason").GetString().ShouldBe("override");
        results[0].GetProperty("overrideId").GetString().ShouldBe("ovr_0123456789abcdef");
        results[1].GetProperty("reason").GetString().ShouldBe("allowed");
        results[1].TryGetProperty("overrideId", out _).ShouldBeFalse();
    }

    [Fact]
    public async Task Readyz_NoLease_Gives503ProblemAndChecksUnconfirmed()
    {
        // Arrange
        await _app.DisposeAsync();
        _enforcer = TestReplica.Create(leased: false);
        await StartAsync();
        using HttpClient client = _app.CreateClient();

        // Act
        HttpResponseMessage ready = await client.GetAsync("/readyz");
        HttpResponseMessage live = await client.GetAsync("/healthz");
        JsonElement check = await (await client.PostAsJsonAsync("/v1/check", new { subject = "user:1", purpose = Email })).Content.ReadFromJsonAsync<JsonElement>();

        // Assert
        ready.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
        (await Problem.ReadAsync(ready)).GetProperty("detail").GetString()!.ShouldContain("no valid lease");
        live.StatusCode.ShouldBe(HttpStatusCode.OK);
        check.GetProperty("reason").GetString().ShouldBe("unconfirmed");
    }

    private async Task StartAsync(IHeedEnforcer? enforcer = null) => _app = await TestWebApp.StartAsync(
        b =>
        {
            b.Services.AddSingleton<IHeedEnforcer>(enforcer ?? _enforcer);
            b.Services.AddProblemDetails();
        },
        app =>
        {
            app.MapHeedCheckEndpoints();
            app.MapHeedHealthEndpoints();
        });
}
