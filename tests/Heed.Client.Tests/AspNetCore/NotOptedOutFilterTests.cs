using System.Net;
using System.Text.Json;
using Heed.Client.AspNetCore;
using Heed.Client.Enforcement;
using Heed.Client.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace Heed.Client.Tests.AspNetCore;

/// <summary>RequireNotOptedOut on a real Kestrel app.</summary>
public sealed class NotOptedOutFilterTests : IAsyncLifetime
{
    private const string Email = "marketing.communications.email";
    private HeedEnforcer _enforcer = TestReplica.Create(tokenWait: Waits.Default);
    private TestWebApp _app = null!;
    private int _reached;

    public async ValueTask InitializeAsync() => await StartAsync(_enforcer);

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task Request_SubjectAllowed_ReachesEndpoint()
    {
        // Arrange
        using HttpClient client = _app.CreateClient();

        // Act
        HttpResponseMessage response = await client.GetAsync("/users/1/newsletter");

        // Assert
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await response.Content.ReadAsStringAsync()).ShouldBe("sent to 1");
        _reached.ShouldBe(1);
    }

    [Fact]
    public async Task Request_SubjectOptedOut_Gives403ProblemWithMatchedNode()
    {
        // Arrange
        TestReplica.OptOut(_enforcer, "user:2", "marketing");
        using HttpClient client = _app.CreateClient();

        // Act
        HttpResponseMessage response = await client.GetAsync("/users/2/newsletter");

        // Assert
        response.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        JsonElement problem = await Problem.ReadAsync(response);
        problem.GetProperty("status").GetInt32().ShouldBe(403);
        problem.GetProperty("type").GetString().ShouldBe("https://heed.dev/problems/opted-out");
        problem.GetProperty("reason").GetString().ShouldBe("opted_out");
        problem.GetProperty("matched").GetString().ShouldBe("marketing");
        problem.GetProperty("purpose").GetString().ShouldBe(Email);
        _reached.ShouldBe(0);
    }

    [Fact]
    public async Task Request_NoLease_Gives403Unconfirmed()
    {
        // Arrange
        await _app.DisposeAsync();
        _enforcer = TestReplica.Create(leased: false);
        await StartAsync(_enforcer);
        using HttpClient client = _app.CreateClient();

        // Act
        HttpResponseMessage response = await client.GetAsync("/users/1/newsletter");

        // Assert
        response.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await Problem.ReadAsync(response)).GetProperty("reason").GetString().ShouldBe("unconfirmed");
        _reached.ShouldBe(0);
    }

    [Fact]
    public async Task Request_MissingSubjectHeader_Gives403InvalidSubject()
    {
        // Arrange
        using HttpClient client = _app.CreateClient();

        // Act
        HttpResponseMessage response = await client.GetAsync("/profile");

        // Assert
        response.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        JsonElement problem = await Problem.ReadAsync(response);
        problem.GetProperty("reason").GetString().ShouldBe("invalid_subject");
        problem.GetProperty("detail").GetString()!.ShouldContain("header 'X-Subject'");
        _reached.ShouldBe(0);
    }

    [Fact]
    public async Task Request_SubjectHeaderOptedOut_Gives403()
    {
        // Arrange
        TestReplica.OptOut(_enforcer, "email:bob@example.com", "personalize");
        using HttpClient client = _app.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/profile");
        request.Headers.Add("X-Subject", "email:Bob@Example.com");

        // Act
        HttpResponseMessage response = await client.SendAsync(request);

        // Assert
        response.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await Problem.ReadAsync(response)).GetProperty("matched").GetString().ShouldBe("personalize");
    }

    [Theory]
    [InlineData("5", "opted_out")]
    [InlineData("user:5", "opted_out")]
    [InlineData("User:5", "opted_out")]
    [InlineData("USER:5", "opted_out")]
    [InlineData("05", "invalid_subject")]
    [InlineData("e-mail:5", "invalid_subject")]
    [InlineData("5;x=1", "invalid_subject")]
    public async Task Request_RouteValueWithDefaultKind_DerivesTheRegistrySubject(string value, string reason)
    {
        // Arrange: the same rules as the registry and the gate; a kind is never prefixed twice.
        TestReplica.OptOut(_enforcer, "user:5", "marketing");
        using HttpClient client = _app.CreateClient();

        // Act
        HttpResponseMessage response = await client.GetAsync($"/users/{Uri.EscapeDataString(value)}/newsletter");

        // Assert
        response.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await Problem.ReadAsync(response)).GetProperty("reason").GetString().ShouldBe(reason);
        _reached.ShouldBe(0);
    }

    [Theory]
    [InlineData("email:bob@example.com,email:x@example.com")]
    [InlineData("Email:bob@example.com;q=1")]
    public async Task Request_SubjectHeaderListOrParameters_Gives403InvalidSubject(string value)
    {
        // Arrange
        using HttpClient client = _app.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/profile");
        request.Headers.TryAddWithoutValidation("X-Subject", value).ShouldBeTrue();

        // Act
        HttpResponseMessage response = await client.SendAsync(request);

        // Assert
        response.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await Problem.ReadAsync(response)).GetProperty("reason").GetString().ShouldBe("invalid_subject");
        _reached.ShouldBe(0);
    }

    [Fact]
    public async Task Request_TokenAppliedWhileWaiting_AnswersFromNewState()
    {
        // Arrange: user:3 is allowed in the table as it stands; the opt-out at LSN 1 arrives only once
        // the check is waiting for token 1. A filter that ignored the token would answer 200 at once.
        var watched = new WatchedEnforcer(_enforcer);
        await _app.DisposeAsync();
        await StartAsync(watched);
        using HttpClient client = _app.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/users/3/newsletter");
        request.Headers.Add("Heed-Consistency-Token", "1");

        // Act
        Task<HttpResponseMessage> sending = client.SendAsync(request);
        (await Task.WhenAny(watched.TokenCheckStarted, sending).WaitAsync(Waits.Default)).ShouldBe(watched.TokenCheckStarted, "the filter answered without waiting for the token");
        (await watched.TokenCheckStarted).ShouldBe(1);
        TestReplica.OptOut(_enforcer, "user:3", "marketing");
        _enforcer.MarkApplied(1);
        HttpResponseMessage response = await sending.WaitAsync(Waits.Default);

        // Assert
        response.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await Problem.ReadAsync(response)).GetProperty("reason").GetString().ShouldBe("opted_out");
        _reached.ShouldBe(0);
    }

    [Fact]
    public async Task Request_TokenNeverApplied_Gives403UnconfirmedAfterTheWait()
    {
        // Arrange: the subject is allowed, but the replica never applies LSN 5 within the token wait.
        await _app.DisposeAsync();
        _enforcer = TestReplica.Create(tokenWait: TimeSpan.FromMilliseconds(50));
        await StartAsync(_enforcer);
        using HttpClient client = _app.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/users/1/newsletter");
        request.Headers.Add("Heed-Consistency-Token", "5");

        // Act
        HttpResponseMessage response = await client.SendAsync(request).WaitAsync(Waits.Default);

        // Assert
        response.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await Problem.ReadAsync(response)).GetProperty("reason").GetString().ShouldBe("unconfirmed");
        _reached.ShouldBe(0);
    }

    [Fact]
    public void RequireNotOptedOut_InvalidPurposeName_Throws()
    {
        // Arrange
        WebApplication app = WebApplication.CreateSlimBuilder().Build();

        // Act
        Action act = () => app.MapGet("/x", () => "x").RequireNotOptedOut("Marketing!", HeedSubjectSource.FromRoute("id"));

        // Assert
        Should.Throw<ArgumentException>(act);
    }

    private async Task StartAsync(IHeedEnforcer enforcer)
    {
        _reached = 0;
        _app = await TestWebApp.StartAsync(
            b => b.Services.AddSingleton<IHeedEnforcer>(enforcer),
            app =>
            {
                app.MapGet("/users/{id}/newsletter", (string id) =>
                {
                    Interlocked.Increment(ref _reached);
                    return "sent to " + id;
                }).RequireNotOptedOut(Email, HeedSubjectSource.FromRoute("id", kind: "user"));
                app.MapGet("/profile", () =>
                {
                    Interlocked.Increment(ref _reached);
                    return "profile";
                }).RequireNotOptedOut("personalize.content", HeedSubjectSource.FromHeader("X-Subject"));
            });
    }
}
