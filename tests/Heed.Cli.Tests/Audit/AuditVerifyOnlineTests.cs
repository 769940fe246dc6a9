using System.Net.Http.Headers;
using System.Net.Http.Json;
using Heed.Cli.Tests.Infrastructure;
using Heed.Storage.Audit;

namespace Heed.Cli.Tests.Audit;

/// <summary><c>heed audit verify|key --registry</c> against a running <c>heed serve</c>.</summary>
public sealed class AuditVerifyOnlineTests(RegistryProcess registry) : IClassFixture<RegistryProcess>
{
    [Fact]
    public async Task Verify_CleanRunningRegistry_VerifiesWithItsKeyAndAnEarlierCheckpoint()
    {
        await WriteAsync(3);
        string since = await SaveAsync(await GetAsync("/v1/audit/checkpoint"));
        await WriteAsync(2);

        try
        {
            HeedResult result = await registry.RunAsync("audit", "verify", "--since", since);

            result.ExitCode.ShouldBe(0, result.ToString());
            result.Stdout.ShouldContain("(from the registry's GET /v1/audit/key", customMessage: result.ToString());
            result.Stdout.ShouldContain($"--since {since}: consistent", customMessage: result.ToString());
            result.Stdout.ShouldMatch(@"verified \d+ entries, checkpoint size \d+, root [A-Za-z0-9+/=]{44}");
        }
        finally
        {
            File.Delete(since);
        }
    }

    [Fact]
    public async Task Verify_SinceACheckpointOfAnotherLedger_Fails()
    {
        // Arrange: a checkpoint signed for another ledger, with that ledger's own key.
        using NoteSigner other = NoteSigner.Generate(Checkpoint.OriginOf("0123456789abcdef0123456789abcdef"));
        var checkpoint = new Checkpoint(other.Name, 1, MerkleHash.Leaf([1]));
        string since = await SaveAsync(other.Sign(checkpoint.ToText()));

        try
        {
            // Act
            HeedResult result = await registry.RunAsync("audit", "verify", "--since", since);

            // Assert
            result.ExitCode.ShouldBe(1, result.ToString());
            result.Stdout.ShouldContain($"FAILED: --since {since} is not signed by the verifier key", customMessage: result.ToString());
        }
        finally
        {
            File.Delete(since);
        }
    }

    [Fact]
    public async Task Verify_WithAnotherTrustedKey_FailsOnTheRegistrysCheckpoint()
    {
        using NoteSigner other = NoteSigner.Generate("heed/another");

        HeedResult result = await registry.RunAsync("audit", "verify", "--verifier", other.VerifierKey);

        result.ExitCode.ShouldBe(1, result.ToString());
        result.Stdout.ShouldContain("(from --verifier)", customMessage: result.ToString());
        result.Stdout.ShouldContain("FAILED: the registry's checkpoint is not signed by the verifier key heed/another+", customMessage: result.ToString());
    }

    [Fact]
    public async Task Key_Online_PrintsTheServedKey()
    {
        HeedResult result = await registry.RunAsync("audit", "key");

        result.ExitCode.ShouldBe(0, result.ToString());
        result.Stdout.ShouldBe((await GetAsync("/v1/audit/key")).Trim() + "\n");
    }

    [Fact]
    public async Task Verify_RegistryUnreachable_ExitsThree()
    {
        HeedResult result = await HeedExecutable.RunAsync(["audit", "verify", "--registry", "http://127.0.0.1:9", "--key", registry.AdminKey], new Dictionary<string, string?>());

        result.ExitCode.ShouldBe(3, result.ToString());
    }

    [Fact]
    public async Task Verify_DataAndRegistryBoth_IsAUsageError()
    {
        HeedResult result = await registry.RunAsync("audit", "verify", "--data", registry.DataDirectory, "--registry", registry.Url.ToString());

        result.ExitCode.ShouldBe(2, result.ToString());
    }

    private async Task WriteAsync(int count)
    {
        using HttpClient http = Client();
        for (int i = 0; i < count; i++)
        {
            (await http.PutAsJsonAsync($"/v1/subjects/user:online-{Guid.NewGuid():N}/optouts/marketing", new { source = "preference-center" })).EnsureSuccessStatusCode();
        }
    }

    private async Task<string> GetAsync(string path)
    {
        using HttpClient http = Client();
        return await http.GetStringAsync(path);
    }

    private HttpClient Client()
    {
        var http = new HttpClient { BaseAddress = registry.Url };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", registry.AdminKey);
        return http;
    }

    private static async Task<string> SaveAsync(string note)
    {
        string path = Path.Combine(Path.GetTempPath(), "heed-cli-tests", $"checkpoint-{Guid.NewGuid():N}.txt");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await File.WriteAllTextAsync(path, note);
        return path;
    }
}
