using System.Text.Json;
using Heed.Cli.Tests.Infrastructure;

namespace Heed.Cli.Tests.Keys;

public sealed class KeysEndToEndTests(RegistryProcess registry) : IClassFixture<RegistryProcess>
{
    [Fact]
    public async Task CreateListRevoke_WriterKey_WorksUntilRevokedThen401()
    {
        HeedResult created = await registry.RunAsync("keys", "create", "--role", "writer", "--name", "crm-sync", "--json");
        JsonElement key = JsonDocument.Parse(created.Stdout).RootElement;
        string id = key.GetProperty("id").GetString()!;
        string secret = key.GetProperty("key").GetString()!;

        HeedResult listed = await registry.RunAsync("keys", "list");
        HeedResult write = await registry.RunWithKeyAsync(secret, "optout", "set", "user:keys-1", "analytics");
        HeedResult revoked = await registry.RunAsync("keys", "revoke", id);
        HeedResult afterRevoke = await registry.RunWithKeyAsync(secret, "optout", "set", "user:keys-1", "analytics");
        HeedResult listedAfter = await registry.RunAsync("keys", "list", "--json");

        created.ExitCode.ShouldBe(0, created.ToString());
        key.GetProperty("role").GetString().ShouldBe("writer");
        listed.Stdout.ShouldContain(id);
        listed.Stdout.ShouldContain("crm-sync");
        listed.Stdout.ShouldNotContain(secret);
        write.ExitCode.ShouldBe(0, write.ToString());
        revoked.ExitCode.ShouldBe(0, revoked.ToString());
        revoked.Stdout.ShouldContain($"Revoked key {id}");
        afterRevoke.ExitCode.ShouldBe(1, afterRevoke.ToString());
        afterRevoke.Stderr.ShouldContain("401");
        JsonElement entry = JsonDocument.Parse(listedAfter.Stdout).RootElement.GetProperty("keys").EnumerateArray().Single(k => k.GetProperty("id").GetString() == id);
        entry.GetProperty("revoked").ValueKind.ShouldBe(JsonValueKind.String);
    }

    [Fact]
    public async Task List_KeyFromFileNoEnvironment_Served()
    {
        using TempFile keyFile = TempFile.WithText(registry.AdminKey + "\n");

        HeedResult listed = await registry.RunWithKeyAsync(null, "keys", "list", "--key-file", keyFile.Path);

        listed.ExitCode.ShouldBe(0, listed.ToString());
        listed.Stdout.ShouldContain("admin");
    }

    [Fact]
    public async Task Create_RecorderRole_Accepted()
    {
        HeedResult created = await registry.RunAsync("keys", "create", "--role", "recorder", "--name", "gate gpc", "--json");

        created.ExitCode.ShouldBe(0, created.ToString());
        JsonDocument.Parse(created.Stdout).RootElement.GetProperty("role").GetString().ShouldBe("recorder");
    }

    [Fact]
    public async Task Create_PrintsTheSecretOnce()
    {
        HeedResult created = await registry.RunAsync("keys", "create", "--role", "auditor", "--name", "audit team");

        created.ExitCode.ShouldBe(0, created.ToString());
        created.Stdout.ShouldContain("Created auditor key k_");
        created.Stdout.ShouldContain("'audit team'");
        created.Stdout.ShouldContain("shown once");
    }

    [Fact]
    public async Task List_WithWriterKey_ExitOneForbidden()
    {
        HeedResult created = await registry.RunAsync("keys", "create", "--role", "writer", "--name", "list test", "--json");
        string secret = JsonDocument.Parse(created.Stdout).RootElement.GetProperty("key").GetString()!;

        HeedResult listed = await registry.RunWithKeyAsync(secret, "keys", "list");

        listed.ExitCode.ShouldBe(1, listed.ToString());
        listed.Stderr.ShouldContain("403");
    }

    [Fact]
    public async Task Revoke_UnknownId_ExitOneNotFound()
    {
        HeedResult revoked = await registry.RunAsync("keys", "revoke", "k_does_not_exist");

        revoked.ExitCode.ShouldBe(1, revoked.ToString());
        revoked.Stderr.ShouldContain("404");
    }

    [Fact]
    public async Task Create_UnknownRole_ExitTwo()
    {
        HeedResult created = await registry.RunAsync("keys", "create", "--role", "superuser");

        created.ExitCode.ShouldBe(2, created.ToString());
    }
}
