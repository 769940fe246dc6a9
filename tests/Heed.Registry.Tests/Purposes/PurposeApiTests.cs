using System.Net;
using System.Text.Json;
using Heed.Registry.Tests.Infrastructure;
using Heed.Storage.Ledger;
using Microsoft.Extensions.DependencyInjection;

namespace Heed.Registry.Tests.Purposes;

/// <summary><c>/v1/purposes</c>: the taxonomy is ledger entries, changed at runtime and kept across restarts.</summary>
public sealed class PurposeApiTests : IAsyncLifetime
{
    private const string Surveys = "research.surveys";
    private RegistryServer _server = null!;

    public async ValueTask InitializeAsync() => _server = await RegistryServer.StartAsync();

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Add_NewPurpose_Returns201AcknowledgedAndIsALedgerEntry()
    {
        using HttpClient admin = await _server.ClientAsync("admin");

        HttpResponseMessage added = await admin.AddPurposeAsync(Surveys);

        added.StatusCode.ShouldBe(HttpStatusCode.Created, await added.Content.ReadAsStringAsync());
        JsonElement body = await added.ReadAsync();
        body.GetProperty("name").GetString().ShouldBe(Surveys);
        body.GetProperty("enforced").GetBoolean().ShouldBeTrue();
        body.GetProperty("enforcedAt").ValueKind.ShouldBe(JsonValueKind.String);
        long lsn = body.GetProperty("lsn").GetInt64();
        LedgerEntry entry = (await _server.Handle.App.Services.GetRequiredService<ILedgerStore>().ReadAfterAsync(lsn - 1, 1, TestContext.Current.CancellationToken))[0];
        entry.Kind.ShouldBe(EntryKinds.PurposeAdd);
        entry.Purpose.ShouldBe(Surveys);
        JsonElement listed = (await admin.FindPurposeAsync(Surveys)).ShouldNotBeNull();
        listed.GetProperty("bit").GetInt32().ShouldBe(body.GetProperty("bit").GetInt32());
        listed.GetProperty("parent").GetString().ShouldBe("research");
        (await admin.FindPurposeAsync("research")).ShouldNotBeNull();
    }

    [Fact]
    public async Task Add_ThenOptOut_DeniesTheNewPurposeAndItsParentsCheck()
    {
        using HttpClient admin = await _server.ClientAsync("admin");
        using HttpClient enforcer = await _server.ClientAsync("enforcer");
        (await admin.AddPurposeAsync(Surveys)).EnsureSuccessStatusCode();

        HttpResponseMessage optOut = await admin.PutAsync($"/v1/subjects/user:1/optouts/{Surveys}", null);

        optOut.StatusCode.ShouldBe(HttpStatusCode.OK, await optOut.Content.ReadAsStringAsync());
        (await enforcer.CheckAsync("user:1", Surveys)).GetProperty("reason").GetString().ShouldBe("opted_out");
        (await enforcer.CheckAsync("user:1", "research")).GetProperty("reason").GetString().ShouldBe("opted_out");
        (await enforcer.CheckAsync("user:2", Surveys)).GetProperty("reason").GetString().ShouldBe("allowed");
        (await enforcer.CheckAsync("user:1", "research.panels")).GetProperty("reason").GetString().ShouldBe("unknown_purpose");
    }

    [Theory]
    [InlineData("""{"name":"Research"}""", HttpStatusCode.BadRequest)]
    [InlineData("""{"name":""}""", HttpStatusCode.BadRequest)]
    [InlineData("""{}""", HttpStatusCode.BadRequest)]
    [InlineData("""{"name":""", HttpStatusCode.BadRequest)]
    [InlineData("""{"name":"analytics.reporting"}""", HttpStatusCode.Conflict)]
    [InlineData("""{"name":"marketing"}""", HttpStatusCode.Conflict)]
    [InlineData("""{"name":"all"}""", HttpStatusCode.Conflict)]
    public async Task Add_BadOrExistingName_ReturnsProblem(string body, HttpStatusCode status)
    {
        using HttpClient admin = await _server.ClientAsync("admin");

        HttpResponseMessage response = await admin.PostAsync("/v1/purposes", Json.Raw(body));

        response.StatusCode.ShouldBe(status, await response.Content.ReadAsStringAsync());
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
    }

    [Theory]
    [InlineData("no.such", """{"deprecated":true}""", HttpStatusCode.NotFound)]
    [InlineData("analytics.reporting", """{"deprecated":false}""", HttpStatusCode.BadRequest)]
    [InlineData("analytics.reporting", """{}""", HttpStatusCode.BadRequest)]
    [InlineData("analytics.reporting", """{"deprecated":true,"successor":"Bad"}""", HttpStatusCode.BadRequest)]
    [InlineData("essential.security", """{"deprecated":true}""", HttpStatusCode.UnprocessableEntity)]
    [InlineData("all", """{"deprecated":true}""", HttpStatusCode.UnprocessableEntity)]
    [InlineData("third_party_sharing.sale", """{"deprecated":true,"successor":"analytics.reporting"}""", HttpStatusCode.UnprocessableEntity)]
    [InlineData("marketing.advertising.third_party.targeted", """{"deprecated":true}""", HttpStatusCode.UnprocessableEntity)]
    [InlineData("marketing", """{"deprecated":true,"successor":"marketing.communications.email"}""", HttpStatusCode.UnprocessableEntity)]
    [InlineData("analytics.reporting", """{"deprecated":true,"successor":"no.such"}""", HttpStatusCode.UnprocessableEntity)]
    [InlineData("analytics.reporting", """{"deprecated":true,"successor":"essential.service"}""", HttpStatusCode.UnprocessableEntity)]
    [InlineData("analytics.reporting", """{"deprecated":true,"successor":"analytics.reporting"}""", HttpStatusCode.UnprocessableEntity)]
    [InlineData("analytics.reporting", """{"deprecated":true,"successor":"train_ai_system"}""", HttpStatusCode.UnprocessableEntity)]
    [InlineData("train_ai_system", """{"deprecated":true}""", HttpStatusCode.Conflict)]
    public async Task Deprecate_BadRequest_ReturnsProblem(string name, string body, HttpStatusCode status)
    {
        using HttpClient admin = await _server.ClientAsync("admin");
        (await admin.DeprecatePurposeAsync("train_ai_system")).EnsureSuccessStatusCode();

        HttpResponseMessage response = await admin.PatchAsync($"/v1/purposes/{name}", Json.Raw(body));

        response.StatusCode.ShouldBe(status, await response.Content.ReadAsStringAsync());
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
    }

    [Fact]
    public async Task OptOut_OfADeprecatedPurpose_Returns422NamingTheSuccessorButAClearIsTaken()
    {
        using HttpClient admin = await _server.ClientAsync("admin");
        (await admin.PutAsync("/v1/subjects/user:1/optouts/analytics.reporting", null)).EnsureSuccessStatusCode();
        (await admin.AddPurposeAsync(Surveys)).EnsureSuccessStatusCode();
        HttpResponseMessage deprecated = await admin.DeprecatePurposeAsync("analytics.reporting", Surveys);

        HttpResponseMessage set = await admin.PutAsync("/v1/subjects/user:2/optouts/analytics.reporting", null);
        HttpResponseMessage batch = await admin.PostAsync("/v1/optouts/batch", Json.Raw("""{"items":[{"subject":"user:3","purpose":"analytics.reporting","action":"set"}]}"""));
        HttpResponseMessage clear = await admin.DeleteAsync("/v1/subjects/user:1/optouts/analytics.reporting");

        deprecated.StatusCode.ShouldBe(HttpStatusCode.OK);
        JsonElement body = await deprecated.ReadAsync();
        body.GetProperty("deprecated").GetBoolean().ShouldBeTrue();
        body.GetProperty("successor").GetString().ShouldBe(Surveys);
        body.GetProperty("enforced").GetBoolean().ShouldBeTrue();
        set.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        (await set.Content.ReadAsStringAsync()).ShouldContain(Surveys);
        batch.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await batch.Content.ReadAsStringAsync()).ShouldContain(Surveys);
        clear.StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Deprecate_WithSuccessor_OptOutsOfEitherDenyChecksOfBoth()
    {
        using HttpClient admin = await _server.ClientAsync("admin");
        using HttpClient enforcer = await _server.ClientAsync("enforcer");
        (await admin.AddPurposeAsync(Surveys)).EnsureSuccessStatusCode();
        (await admin.PutAsync("/v1/subjects/user:old/optouts/analytics.reporting", null)).EnsureSuccessStatusCode();

        (await admin.DeprecatePurposeAsync("analytics.reporting", Surveys)).EnsureSuccessStatusCode();
        (await admin.PutAsync($"/v1/subjects/user:new/optouts/{Surveys}", null)).EnsureSuccessStatusCode();

        (await enforcer.CheckAsync("user:old", Surveys)).GetProperty("reason").GetString().ShouldBe("opted_out");
        (await enforcer.CheckAsync("user:new", "analytics.reporting")).GetProperty("reason").GetString().ShouldBe("opted_out");
        (await enforcer.CheckAsync("user:old", "analytics.reporting")).GetProperty("reason").GetString().ShouldBe("opted_out");
        (await enforcer.CheckAsync("user:other", "analytics.reporting")).GetProperty("reason").GetString().ShouldBe("allowed");
    }

    [Fact]
    public async Task Restart_KeepsAddedPurposesTheirBitsAndDeprecations()
    {
        using HttpClient admin = await _server.ClientAsync("admin");
        (await admin.AddPurposeAsync(Surveys)).EnsureSuccessStatusCode();
        (await admin.AddPurposeAsync("research.panels.online")).EnsureSuccessStatusCode();
        (await admin.DeprecatePurposeAsync("analytics.reporting", Surveys)).EnsureSuccessStatusCode();
        (await admin.PutAsync($"/v1/subjects/user:1/optouts/{Surveys}", null)).EnsureSuccessStatusCode();
        string before = (await admin.GetStringAsync("/v1/purposes"));
        _server.DeleteDataOnDispose = false;
        await _server.DisposeAsync();

        _server = await RegistryServer.StartAsync(_server.DataDirectory, _server.AdminKey);

        using HttpClient again = await _server.ClientAsync("admin");
        (await again.GetStringAsync("/v1/purposes")).ShouldBe(before);
        (await again.CheckAsync("user:1", Surveys)).GetProperty("reason").GetString().ShouldBe("opted_out");
        (await again.CheckAsync("user:1", "analytics.reporting")).GetProperty("reason").GetString().ShouldBe("opted_out");
    }
}
