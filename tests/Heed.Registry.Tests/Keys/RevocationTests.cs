using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Heed.Registry.Tests.Infrastructure;

namespace Heed.Registry.Tests.Keys;

/// <summary>Revocation is forever: a revoked secret never becomes active again, by seeding or otherwise.</summary>
public sealed class RevocationTests
{
    [Fact]
    public async Task SeededAdminKey_RevokedThenRestartWithSameKey_StaysRefused()
    {
        // Arrange: seed from HEED_ADMIN_KEY, create a second admin, and revoke the seeded key with it.
        string data = Path.Combine(Path.GetTempPath(), "heed-registry-tests", Guid.NewGuid().ToString("N"));
        string seeded = "seeded-admin-" + Guid.NewGuid().ToString("N");
        string otherAdmin;
        await using (RegistryServer first = await RegistryServer.StartAsync(data, seeded))
        {
            first.DeleteDataOnDispose = false;
            using HttpClient admin = first.WithKey(seeded);
            otherAdmin = (await (await admin.PostAsJsonAsync("/v1/keys", new { role = "admin", name = "second admin" })).ReadAsync()).GetProperty("key").GetString()!;
            using HttpClient second = first.WithKey(otherAdmin);
            string seededId = (await second.GetFromJsonAsync<JsonElement>("/v1/keys")).GetProperty("keys").EnumerateArray()
                .Single(k => k.GetProperty("name").GetString() == "seeded from HEED_ADMIN_KEY").GetProperty("id").GetString()!;
            (await second.DeleteAsync($"/v1/keys/{seededId}")).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        }

        // Act: restart with the same HEED_ADMIN_KEY.
        await using RegistryServer restarted = await RegistryServer.StartAsync(data, seeded);
        using HttpClient old = restarted.WithKey(seeded);
        using HttpClient other = restarted.WithKey(otherAdmin);
        HttpResponseMessage refused = await old.GetAsync("/v1/keys");
        JsonElement keys = await other.GetFromJsonAsync<JsonElement>("/v1/keys");

        // Assert: refused, and no new active key was written for it.
        refused.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        keys.GetProperty("keys").EnumerateArray().Count(k => k.GetProperty("name").GetString() == "seeded from HEED_ADMIN_KEY").ShouldBe(1);
    }
}
