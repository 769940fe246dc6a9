using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Heed.Testing.Cli;
using Heed.Testing.Http;
using Heed.Testing.Network;
using Heed.Testing.Processes;
using Heed.Testing.Temp;

namespace Heed.System.Tests.Security;

/// <summary>Revocation is forever, across processes: `heed serve` never brings a revoked HEED_ADMIN_KEY back.</summary>
public sealed class RevokedAdminKeyTests
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Serve_SeededKeyRevokedThenRestartWithSameEnvironment_KeyStaysRefusedAndErrorLogged()
    {
        // Arrange: seed the admin key, make a second admin, revoke the seeded key with the second.
        using TempDirectory data = TempDirectory.Create("heed-revoke-");
        string seeded = Convert.ToHexStringLower(Guid.NewGuid().ToByteArray()) + Convert.ToHexStringLower(Guid.NewGuid().ToByteArray());
        int port = FreePort.Next();
        var baseAddress = new Uri($"http://127.0.0.1:{port}");
        string second;
        await using (ChildProcess first = ChildProcess.Start(HeedCli.Serve(data.FullPath, port, seeded)))
        {
            await WaitFor.HttpOkAsync(new Uri(baseAddress, "/healthz"), StartTimeout, first);
            using HttpClient admin = KeyedClient.Create(baseAddress, seeded);
            second = (await (await admin.PostAsJsonAsync("/v1/keys", new { role = "admin", name = "second admin" })).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("key").GetString()!;
            using HttpClient other = KeyedClient.Create(baseAddress, second);
            string seededId = (await other.GetFromJsonAsync<JsonElement>("/v1/keys")).GetProperty("keys").EnumerateArray()
                .Single(k => k.GetProperty("name").GetString() == "seeded from HEED_ADMIN_KEY").GetProperty("id").GetString()!;
            (await other.DeleteAsync($"/v1/keys/{seededId}")).StatusCode.ShouldBe(HttpStatusCode.NoContent);
            await first.StopAsync(TimeSpan.FromSeconds(30));
        }

        // Act: a new process with the same environment (the same HEED_ADMIN_KEY).
        await using ChildProcess restarted = ChildProcess.Start(HeedCli.Serve(data.FullPath, port, seeded));
        await WaitFor.HttpOkAsync(new Uri(baseAddress, "/healthz"), StartTimeout, restarted);
        using HttpClient old = KeyedClient.Create(baseAddress, seeded);
        using HttpClient stillAdmin = KeyedClient.Create(baseAddress, second);
        HttpResponseMessage refused = await old.GetAsync("/v1/keys");
        HttpResponseMessage served = await stillAdmin.GetAsync("/v1/keys");

        // Assert
        refused.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        served.StatusCode.ShouldBe(HttpStatusCode.OK);
        restarted.Lines.ShouldContain(l => l.Text.Contains("HEED_ADMIN_KEY was revoked", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Serve_FirstStartWithoutAdminKey_KeyInPrivateFileNotInOutput()
    {
        // Arrange
        using TempDirectory parent = TempDirectory.Create("heed-first-key-");
        string data = parent.Combine("data");
        int port = FreePort.Next();
        var baseAddress = new Uri($"http://127.0.0.1:{port}");

        // Act: heed creates the data directory itself.
        await using ChildProcess serve = ChildProcess.Start(HeedCli.Serve(data, port));
        await WaitFor.HttpOkAsync(new Uri(baseAddress, "/healthz"), StartTimeout, serve);
        string keyFile = Path.Combine(data, "admin.key");
        string key = (await File.ReadAllTextAsync(keyFile)).Trim();
        using HttpClient admin = KeyedClient.Create(baseAddress, key);
        HttpResponseMessage keys = await admin.GetAsync("/v1/keys");

        // Assert
        keys.StatusCode.ShouldBe(HttpStatusCode.OK);
        serve.Lines.ShouldContain(l => l.Text.Contains(keyFile, StringComparison.Ordinal));
        serve.Lines.ShouldNotContain(l => l.Text.Contains(key, StringComparison.Ordinal));
        if (!OperatingSystem.IsWindows())
        {
            File.GetUnixFileMode(keyFile).ShouldBe(UnixFileMode.UserRead | UnixFileMode.UserWrite);
            File.GetUnixFileMode(data).ShouldBe(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }
}
