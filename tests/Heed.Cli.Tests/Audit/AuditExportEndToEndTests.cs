using System.Text.Json;
using Heed.Cli.Audit;
using Heed.Cli.Tests.Infrastructure;

namespace Heed.Cli.Tests.Audit;

public sealed class AuditExportEndToEndTests(RegistryProcess registry) : IClassFixture<RegistryProcess>
{
    [Fact]
    public async Task Export_Json_EveryRequestWithHowItCameInWhenEnforcedAndTheResponse()
    {
        await registry.RunAsync("optout", "set", "email:Export@Example.com", "marketing", "--source", "gpc", "--jurisdiction", "CCPA", "--evidence", "Sec-GPC: 1");
        await registry.RunAsync("optout", "clear", "email:export@example.com", "marketing");
        string auditorKey = await CreateKeyAsync("auditor");

        HeedResult exported = await registry.RunWithKeyAsync(auditorKey, "audit", "export", "--subject", "email:EXPORT@example.com");

        exported.ExitCode.ShouldBe(0, exported.ToString());
        JsonElement record = JsonDocument.Parse(exported.Stdout).RootElement;
        record.GetProperty("subject").GetString().ShouldBe("email:export@example.com");
        JsonElement[] requests = [.. record.GetProperty("requests").EnumerateArray()];
        requests.Select(r => r.GetProperty("request").GetString()).ShouldBe(["opt-out", "clear"]);
        requests.Select(r => r.GetProperty("response").GetString()).ShouldBe(["opted_out", "allowed"]);
        requests[0].GetProperty("source").GetString().ShouldBe("gpc");
        requests[0].GetProperty("jurisdiction").GetString().ShouldBe("CCPA");
        requests[0].GetProperty("evidence").GetString().ShouldBe("Sec-GPC: 1");
        foreach (JsonElement request in requests)
        {
            DateTimeOffset received = request.GetProperty("receivedAt").GetDateTimeOffset();
            request.GetProperty("enforcedAt").GetDateTimeOffset().ShouldBeGreaterThanOrEqualTo(received);
        }
    }

    [Fact]
    public async Task Export_Csv_HeaderThenOneQuotedRowPerRequest()
    {
        await registry.RunAsync("optout", "set", "user:csv-export", "analytics", "--source", "support", "--evidence", "ticket 12, \"urgent\"");

        HeedResult exported = await registry.RunAsync("audit", "export", "--subject", "user:csv-export", "--format", "csv");

        exported.ExitCode.ShouldBe(0, exported.ToString());
        string[] lines = exported.Stdout.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        lines[0].ShouldBe(AuditExportCommand.CsvHeader);
        lines.Length.ShouldBe(2);
        lines[1].ShouldStartWith("user:csv-export,");
        lines[1].ShouldContain(",opt-out,analytics,");
        lines[1].ShouldContain(",support,,\"ticket 12, \"\"urgent\"\"\",");
        lines[1].ShouldContain(",opted_out,");
    }

    [Fact]
    public async Task Export_ToFile_WritesTheRecordAndSaysWhere()
    {
        await registry.RunAsync("optout", "set", "user:file-export", "analytics");
        string path = Path.Combine(registry.DataDirectory, "..", $"record-{Guid.NewGuid():N}.json");

        HeedResult exported = await registry.RunAsync("audit", "export", "--subject", "user:file-export", "--output", path);

        try
        {
            exported.ExitCode.ShouldBe(0, exported.ToString());
            exported.Stdout.ShouldContain(path);
            JsonDocument.Parse(await File.ReadAllTextAsync(path)).RootElement.GetProperty("requests").GetArrayLength().ShouldBe(1);
            File.Exists(path + ".partial").ShouldBeFalse();
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task Export_WriterKey_Refused()
    {
        string writerKey = await CreateKeyAsync("writer");

        HeedResult exported = await registry.RunWithKeyAsync(writerKey, "audit", "export", "--subject", "user:anyone");

        exported.ExitCode.ShouldNotBe(0, exported.ToString());
        exported.Stderr.ShouldContain("403");
    }

    [Fact]
    public async Task Export_InvalidSubject_SaysWhatIsWrong()
    {
        HeedResult exported = await registry.RunAsync("audit", "export", "--subject", "no-kind");

        exported.ExitCode.ShouldBe(1, exported.ToString());
        exported.Stderr.ShouldContain("subject");
    }

    private async Task<string> CreateKeyAsync(string role)
    {
        HeedResult created = await registry.RunAsync("keys", "create", "--role", role, "--name", $"export {role}", "--json");
        created.ExitCode.ShouldBe(0, created.ToString());
        return JsonDocument.Parse(created.Stdout).RootElement.GetProperty("key").GetString()!;
    }
}
