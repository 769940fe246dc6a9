using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Heed.Registry.Tests.Infrastructure;
using Heed.Storage.Ledger;
using Microsoft.Extensions.DependencyInjection;

namespace Heed.Registry.Tests.Overrides;

/// <summary>The single-approver setting: off by default, and every change of it is a ledger entry.</summary>
public sealed class OverrideSettingTests : IAsyncLifetime
{
    private const string Setting = "/v1/settings/overrides.singleApprover";
    private RegistryServer _server = null!;

    public async ValueTask InitializeAsync() => _server = await RegistryServer.StartAsync();

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task SingleApprover_SetTrue_AllowsSelfApprovalAndIsALedgerEntry()
    {
        using HttpClient admin = await _server.ClientAsync("admin");

        HttpResponseMessage set = await admin.PutAsync(Setting, Json.Raw("""{"value":"true"}"""));
        string id = await admin.RequestOverrideAsync();
        HttpResponseMessage approved = await admin.ApproveAsync(id);

        set.StatusCode.ShouldBe(HttpStatusCode.OK);
        long lsn = (await set.ReadAsync()).GetProperty("lsn").GetInt64();
        LedgerEntry entry = (await _server.Handle.App.Services.GetRequiredService<ILedgerStore>().ReadAfterAsync(lsn - 1, 1, TestContext.Current.CancellationToken))[0];
        entry.Kind.ShouldBe(EntryKinds.SettingSet);
        using (JsonDocument body = JsonDocument.Parse(entry.Body))
        {
            body.RootElement.GetProperty("name").GetString().ShouldBe("overrides.singleApprover");
            body.RootElement.GetProperty("value").GetString().ShouldBe("true");
            body.RootElement.GetProperty("setBy").GetString().ShouldNotBeNullOrEmpty();
        }

        approved.StatusCode.ShouldBe(HttpStatusCode.OK, await approved.Content.ReadAsStringAsync());
        JsonElement shown = await admin.ShowAsync(id);
        shown.GetProperty("approvedBy").GetString().ShouldBe(shown.GetProperty("requestedBy").GetString());
    }

    [Fact]
    public async Task SingleApprover_SetBackToFalse_RefusesSelfApprovalAgain()
    {
        using HttpClient admin = await _server.ClientAsync("admin");
        (await admin.PutAsync(Setting, Json.Raw("""{"value":"true"}"""))).EnsureSuccessStatusCode();
        (await admin.PutAsync(Setting, Json.Raw("""{"value":"false"}"""))).EnsureSuccessStatusCode();
        string id = await admin.RequestOverrideAsync();

        HttpResponseMessage approved = await admin.ApproveAsync(id);

        await approved.ShouldBeProblemAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Settings_ForAnAuditor_ShowTheDefaultThenTheEntryThatSetIt()
    {
        using HttpClient admin = await _server.ClientAsync("admin");
        using HttpClient auditor = await _server.ClientAsync("auditor");
        JsonElement before = await auditor.GetFromJsonAsync<JsonElement>("/v1/settings", TestContext.Current.CancellationToken);

        long lsn = (await (await admin.PutAsync(Setting, Json.Raw("""{"value":"true"}"""))).ReadAsync()).GetProperty("lsn").GetInt64();

        JsonElement initial = before.GetProperty("settings").EnumerateArray().Single(s => s.GetProperty("name").GetString() == "overrides.singleApprover");
        initial.GetProperty("value").GetString().ShouldBe("false");
        initial.GetProperty("lsn").ValueKind.ShouldBe(JsonValueKind.Null);
        JsonElement after = (await auditor.GetFromJsonAsync<JsonElement>("/v1/settings", TestContext.Current.CancellationToken)).GetProperty("settings")[0];
        after.GetProperty("value").GetString().ShouldBe("true");
        after.GetProperty("default").GetString().ShouldBe("false");
        after.GetProperty("lsn").GetInt64().ShouldBe(lsn);
        await (await auditor.PutAsync(Setting, Json.Raw("""{"value":"false"}"""))).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
    }

    [Theory]
    [InlineData(Setting, """{"value":"yes"}""", HttpStatusCode.BadRequest)]
    [InlineData(Setting, """{"value":null}""", HttpStatusCode.BadRequest)]
    [InlineData(Setting, """{}""", HttpStatusCode.BadRequest)]
    [InlineData(Setting, "", HttpStatusCode.BadRequest)]
    [InlineData(Setting, """{"value":true}""", HttpStatusCode.BadRequest)]
    [InlineData("/v1/settings/overrides.everyoneApproves", """{"value":"true"}""", HttpStatusCode.NotFound)]
    public async Task Setting_Invalid_Is4xxProblem(string path, string body, HttpStatusCode status)
    {
        using HttpClient admin = await _server.ClientAsync("admin");

        HttpResponseMessage response = await admin.PutAsync(path, Json.Raw(body));

        await response.ShouldBeProblemAsync(status);
    }

    [Fact]
    public async Task Restart_KeepsSettingsAndOverrides()
    {
        using HttpClient admin = await _server.ClientAsync("admin");
        (await admin.PutAsync(Setting, Json.Raw("""{"value":"true"}"""))).EnsureSuccessStatusCode();
        string id = await admin.RequestOverrideAsync();
        (await admin.ApproveAsync(id)).EnsureSuccessStatusCode();
        JsonElement before = await admin.ShowAsync(id);
        _server.DeleteDataOnDispose = false;
        await _server.DisposeAsync();

        _server = await RegistryServer.StartAsync(_server.DataDirectory, _server.AdminKey);

        using HttpClient again = await _server.ClientAsync("admin");
        (await again.ShowAsync(id)).GetRawText().ShouldBe(before.GetRawText());
        JsonElement settings = await again.GetFromJsonAsync<JsonElement>("/v1/settings", TestContext.Current.CancellationToken);
        settings.GetProperty("settings")[0].GetProperty("value").GetString().ShouldBe("true");
    }
}
