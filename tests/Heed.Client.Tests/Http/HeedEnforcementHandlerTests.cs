using System.Net;
using System.Text.Json;
using Heed.Client.Enforcement;
using Heed.Client.Http;
using Heed.Client.Tests.Infrastructure;
using Heed.Core.Decisions;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace Heed.Client.Tests.Http;

/// <summary>The outbound handler against a real upstream that counts what reaches it.</summary>
public sealed class HeedEnforcementHandlerTests : IAsyncLifetime
{
    private const string Sale = "third_party_sharing.sale";
    private readonly HeedEnforcer _enforcer = TestReplica.Create();
    private TestWebApp _upstream = null!;
    private int _received;

    public async ValueTask InitializeAsync()
    {
        _upstream = await TestWebApp.StartAsync(_ => { }, app => app.MapPost("/partner/share", () =>
        {
            Interlocked.Increment(ref _received);
            return "shared";
        }));
        TestReplica.OptOut(_enforcer, "user:2", "third_party_sharing");
    }

    public async ValueTask DisposeAsync() => await _upstream.DisposeAsync();

    [Fact]
    public async Task Send_SubjectAllowed_ReachesUpstream()
    {
        // Arrange
        using ServiceProvider services = Services(o => o.Purpose = Sale);
        HttpClient client = Client(services);

        // Act
        using HttpResponseMessage response = await client.SendAsync(Share().ForSubject("user:1"));

        // Assert
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        _received.ShouldBe(1);
    }

    [Fact]
    public async Task Send_SubjectOptedOut_NotSentAndGets451Problem()
    {
        // Arrange
        using ServiceProvider services = Services(o => o.Purpose = Sale);
        HttpClient client = Client(services);

        // Act
        using HttpResponseMessage response = await client.SendAsync(Share().ForSubject("user:2"));

        // Assert
        response.StatusCode.ShouldBe((HttpStatusCode)451);
        response.Headers.GetValues(HeedEnforcementHandler.DecisionHeader).ShouldBe(["opted_out"]);
        JsonElement problem = await Problem.ReadAsync(response);
        problem.GetProperty("reason").GetString().ShouldBe("opted_out");
        problem.GetProperty("matched").GetString().ShouldBe("third_party_sharing");
        _received.ShouldBe(0);
    }

    [Fact]
    public async Task Send_Unmarked_NotSentAndGets403InvalidSubject()
    {
        // Arrange
        using ServiceProvider services = Services(o => o.Purpose = Sale);
        HttpClient client = Client(services);

        // Act
        using HttpResponseMessage response = await client.SendAsync(Share());

        // Assert
        response.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        JsonElement problem = await Problem.ReadAsync(response);
        problem.GetProperty("reason").GetString().ShouldBe("invalid_subject");
        problem.GetProperty("detail").GetString()!.ShouldContain("ForNoSubject");
        _received.ShouldBe(0);
    }

    [Fact]
    public async Task Send_MarkedNoSubject_ReachesUpstreamUnchecked()
    {
        // Arrange: even without a lease, a call that carries no one's data is not a sharing.
        using ServiceProvider services = Services(o => o.Purpose = Sale, TestReplica.Create(leased: false));
        HttpClient client = Client(services);

        // Act
        using HttpResponseMessage response = await client.SendAsync(Share().ForNoSubject());

        // Assert
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        _received.ShouldBe(1);
    }

    [Fact]
    public async Task Send_NoLease_NotSentAndGets403Unconfirmed()
    {
        // Arrange
        using ServiceProvider services = Services(o => o.Purpose = Sale, TestReplica.Create(leased: false));
        HttpClient client = Client(services);

        // Act
        using HttpResponseMessage response = await client.SendAsync(Share().ForSubject("user:1"));

        // Assert
        response.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await Problem.ReadAsync(response)).GetProperty("reason").GetString().ShouldBe("unconfirmed");
        _received.ShouldBe(0);
    }

    [Fact]
    public async Task Send_NoPurposeAnywhere_NotSent()
    {
        // Arrange
        using ServiceProvider services = Services(_ => { });
        HttpClient client = Client(services);

        // Act
        using HttpResponseMessage response = await client.SendAsync(Share().ForSubject("user:1"));

        // Assert
        response.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await Problem.ReadAsync(response)).GetProperty("reason").GetString().ShouldBe("unknown_purpose");
        _received.ShouldBe(0);
    }

    [Fact]
    public async Task Send_SubjectFromConfiguredHeader_IsChecked()
    {
        // Arrange
        using ServiceProvider services = Services(o =>
        {
            o.Purpose = Sale;
            o.SubjectHeader = "X-Subject";
        });
        HttpClient client = Client(services);
        HttpRequestMessage request = Share();
        request.Headers.Add("X-Subject", "user:2");

        // Act
        using HttpResponseMessage response = await client.SendAsync(request);

        // Assert
        response.StatusCode.ShouldBe((HttpStatusCode)451);
        _received.ShouldBe(0);
    }

    [Fact]
    public async Task Send_ThrowMode_OptedOutThrowsPermanentDenial()
    {
        // Arrange
        using ServiceProvider services = Services(o =>
        {
            o.Purpose = Sale;
            o.OnDenied = HeedDenialMode.Throw;
        });
        HttpClient client = Client(services);

        // Act
        HeedDeniedException ex = await Should.ThrowAsync<HeedDeniedException>(() => client.SendAsync(Share().ForSubject("user:2", "third_party_sharing.sale")));

        // Assert
        ex.Decision.Reason.ShouldBe(DecisionReason.OptedOut);
        ex.IsTransient.ShouldBeFalse();
        ex.ShouldBeAssignableTo<HeedException>();
        ex.Message.ShouldNotContain("user:2");
        _received.ShouldBe(0);
    }

    [Fact]
    public async Task Send_ThrowModeNoLease_ThrowsTransientDenial()
    {
        // Arrange
        using ServiceProvider services = Services(o =>
        {
            o.Purpose = Sale;
            o.OnDenied = HeedDenialMode.Throw;
        }, TestReplica.Create(leased: false));
        HttpClient client = Client(services);

        // Act
        HeedDeniedException ex = await Should.ThrowAsync<HeedDeniedException>(() => client.SendAsync(Share().ForSubject("user:1")));

        // Assert
        ex.IsTransient.ShouldBeTrue();
        _received.ShouldBe(0);
    }

    [Fact]
    public async Task Send_TokenAppliedWhileWaiting_NotSentAndGets451()
    {
        // Arrange: user:4 is allowed as the table stands; its opt-out at LSN 3 lands only once the
        // handler is waiting for token 3. A handler that ignored the token would send the request.
        var enforcer = TestReplica.Create(tokenWait: Waits.Default);
        var watched = new WatchedEnforcer(enforcer);
        using ServiceProvider services = Services(o => o.Purpose = Sale, watched);
        HttpClient client = Client(services);

        // Act
        Task<HttpResponseMessage> sending = client.SendAsync(Share().ForSubject("user:4", consistencyToken: 3));
        (await Task.WhenAny(watched.TokenCheckStarted, sending).WaitAsync(Waits.Default)).ShouldBe(watched.TokenCheckStarted, "the handler decided without waiting for the token");
        TestReplica.OptOut(enforcer, "user:4", "third_party_sharing");
        enforcer.MarkApplied(3);
        using HttpResponseMessage response = await sending.WaitAsync(Waits.Default);

        // Assert
        response.StatusCode.ShouldBe((HttpStatusCode)451);
        (await Problem.ReadAsync(response)).GetProperty("reason").GetString().ShouldBe("opted_out");
        _received.ShouldBe(0);
    }

    [Fact]
    public async Task Send_TokenNeverApplied_NotSentAndGets403Unconfirmed()
    {
        // Arrange: user:1 is allowed, but LSN 7 is never applied within the 50 ms token wait.
        using ServiceProvider services = Services(o => o.Purpose = Sale, TestReplica.Create(tokenWait: TimeSpan.FromMilliseconds(50)));
        HttpClient client = Client(services);

        // Act
        using HttpResponseMessage response = await client.SendAsync(Share().ForSubject("user:1", consistencyToken: 7)).WaitAsync(Waits.Default);

        // Assert
        response.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await Problem.ReadAsync(response)).GetProperty("reason").GetString().ShouldBe("unconfirmed");
        _received.ShouldBe(0);
    }

    private static HttpRequestMessage Share() => new(HttpMethod.Post, "/partner/share");

    private static HttpClient Client(ServiceProvider services) => services.GetRequiredService<IHttpClientFactory>().CreateClient("partner");

    private ServiceProvider Services(Action<HeedHandlerOptions> configure, IHeedEnforcer? enforcer = null)
    {
        var services = new ServiceCollection();
        services.AddSingleton<IHeedEnforcer>(enforcer ?? _enforcer);
        services.AddHttpClient("partner", c => c.BaseAddress = _upstream.BaseAddress).AddHeedEnforcement(configure);
        return services.BuildServiceProvider();
    }
}
