using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Heed.Registry.Tests.Infrastructure;

namespace Heed.Registry.Tests.Api;

public sealed class KeyTests(RegistryFixture fixture) : IClassFixture<RegistryFixture>
{
    private RegistryServer Server => fixture.Server;

    [Fact]
    public async Task CreateKey_ShownOnceAndListedWithoutSecret()
    {
        HttpClient admin = await Server.ClientAsync("admin");

        HttpResponseMessage created = await admin.PostAsJsonAsync("/v1/keys", new { role = "enforcer", name = "checkout" });
        JsonElement key = await created.ReadAsync();
        string list = await admin.GetStringAsync("/v1/keys");

        created.StatusCode.ShouldBe(HttpStatusCode.Created);
        string secret = key.GetProperty("key").GetString()!;
        secret.ShouldStartWith("heed_");
        list.ShouldContain(key.GetProperty("id").GetString()!);
        list.ShouldNotContain(secret);
    }

    [Fact]
    public async Task RevokeKey_ThenUse_Unauthorized()
    {
        HttpClient admin = await Server.ClientAsync("admin");
        JsonElement key = await (await admin.PostAsJsonAsync("/v1/keys", new { role = "enforcer", name = "short-lived" })).ReadAsync();
        using HttpClient enforcer = Server.WithKey(key.GetProperty("key").GetString()!);
        (await enforcer.PostAsync("/v1/check", Json.Raw("""{"subject":"user:1","purpose":"analytics"}"""))).StatusCode.ShouldBe(HttpStatusCode.OK);

        HttpResponseMessage revoked = await admin.DeleteAsync($"/v1/keys/{key.GetProperty("id").GetString()}");
        HttpResponseMessage after = await enforcer.PostAsync("/v1/check", Json.Raw("""{"subject":"user:1","purpose":"analytics"}"""));

        revoked.StatusCode.ShouldBe(HttpStatusCode.NoContent);
        after.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Keys_SurviveRestart()
    {
        string data = Path.Combine(Path.GetTempPath(), "heed-registry-tests", Guid.NewGuid().ToString("N"));
        string secret;
        await using (RegistryServer first = await RegistryServer.StartAsync(data, "restart-admin-key-0123456789abcdefghij"))
        {
            first.DeleteDataOnDispose = false;
            HttpClient admin = await first.ClientAsync("admin");
            secret = (await (await admin.PostAsJsonAsync("/v1/keys", new { role = "auditor", name = "auditor" })).ReadAsync()).GetProperty("key").GetString()!;
        }

        await using RegistryServer second = await RegistryServer.StartAsync(data, "restart-admin-key-0123456789abcdefghij");
        using HttpClient auditor = second.WithKey(secret);

        HttpResponseMessage response = await auditor.GetAsync("/v1/enforcement-points");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
    }
}
