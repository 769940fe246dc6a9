using System.Text.Json;
using Heed.Cli.Tests.Infrastructure;

namespace Heed.Cli.Tests.Export;

/// <summary>
/// <c>heed export</c> round-trips what <c>heed import</c> wrote. The class has its own registry holding only
/// the generic sample's opt-outs; importing it twice changes nothing, so the tests may run in any order.
/// </summary>
public sealed class ExportEndToEndTests(RegistryProcess registry) : IClassFixture<RegistryProcess>
{
    private static readonly (string Subject, string Purpose)[] Expected =
    [
        ("device:ab12-cd34", "analytics.reporting"),
        ("email:kim.lee@example.com", "marketing"),
        ("hashed_email:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08", "marketing.advertising.third_party.targeted"),
        ("phone:+14155550100", "marketing.communications.sms"),
        ("user:8812", "marketing.communications.email"),
        ("user:9001", "analytics"),
        ("user:with,comma", "third_party_sharing.sale"),
    ];

    [Fact]
    public async Task ExportJsonl_AfterImport_OneLinePerImportedOptOut()
    {
        await ImportSampleAsync();

        HeedResult export = await registry.RunAsync("export", "--format", "jsonl");

        export.ExitCode.ShouldBe(0, export.ToString());
        JsonElement[] lines = [.. export.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement)];
        lines.Select(l => (l.GetProperty("subject").GetString()!, l.GetProperty("purpose").GetString()!)).Order().ShouldBe(Expected);
        lines.ShouldAllBe(l => l.GetProperty("source").GetString() == "generic" && l.GetProperty("lsn").GetInt64() > 0);
        lines.ShouldAllBe(l => l.GetProperty("since").GetDateTimeOffset() > DateTimeOffset.UnixEpoch);
        export.Stderr.ShouldContain("Exported 7 opt-outs");
    }

    [Fact]
    public async Task ExportCsvToFile_AfterImport_ImportsBackToTheSameState()
    {
        await ImportSampleAsync();
        using TempFile file = TempFile.Empty();

        HeedResult export = await registry.RunAsync("export", "--output", file.Path);
        HeedResult reimport = await registry.RunAsync("import", file.Path);
        HeedResult again = await registry.RunAsync("export", "--format", "csv");

        export.ExitCode.ShouldBe(0, export.ToString());
        export.Stdout.ShouldContain($"Exported 7 opt-outs to {file.Path}");
        File.Exists(file.Path + ".partial").ShouldBeFalse();
        string[] rows = File.ReadAllLines(file.Path);
        rows[0].ShouldBe("subject,purpose,since,lsn,source");
        rows.Length.ShouldBe(8);
        rows.ShouldContain(r => r.StartsWith("\"user:with,comma\",third_party_sharing.sale,", StringComparison.Ordinal));
        reimport.ExitCode.ShouldBe(0, reimport.ToString());
        reimport.Stdout.ShouldContain("Imported 7 rows");
        again.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length.ShouldBe(8);
    }

    [Fact]
    public async Task Export_WithEnforcerKey_ExitsOneForbidden()
    {
        HeedResult created = await registry.RunAsync("keys", "create", "--role", "enforcer", "--name", "export test", "--json");
        string key = JsonDocument.Parse(created.Stdout).RootElement.GetProperty("key").GetString()!;

        HeedResult export = await registry.RunWithKeyAsync(key, "export");

        export.ExitCode.ShouldBe(1, export.ToString());
        export.Stderr.ShouldContain("403");
    }

    private async Task ImportSampleAsync()
    {
        HeedResult import = await registry.RunAsync("import", Samples.PathOf(Samples.Generic), "--purpose", "analytics");
        import.ExitCode.ShouldBe(0, import.ToString());
    }
}
