using System.Text.Json;
using Heed.Cli.Tests.Infrastructure;

namespace Heed.Cli.Tests.Import;

/// <summary>The real <c>heed import</c> against a real <c>heed serve</c>, one registry for the class.</summary>
public sealed class ImportEndToEndTests(RegistryProcess registry) : IClassFixture<RegistryProcess>
{
    [Fact]
    public async Task Import_SendGridExport_EveryAddressOptedOutOfEmail()
    {
        HeedResult import = await registry.RunAsync("import", Samples.PathOf(Samples.SendGrid));
        HeedResult check = await registry.RunAsync("check", "email:BOB.SMITH@example.org", "marketing.communications.email");

        import.ExitCode.ShouldBe(0, import.ToString());
        import.Stdout.ShouldContain("Imported 6 rows");
        import.Stdout.ShouldContain("(sendgrid)");
        import.Stdout.ShouldContain("rows/s");
        check.Stdout.ShouldStartWith("denied: opted_out, matched marketing.communications.email");
    }

    [Fact]
    public async Task Import_MailchimpExport_EveryAddressOptedOutOfEmailOnly()
    {
        HeedResult import = await registry.RunAsync("import", Samples.PathOf(Samples.Mailchimp));
        HeedResult email = await registry.RunAsync("check", "email:jules.martin@example.fr", "marketing.communications.email");
        HeedResult sms = await registry.RunAsync("check", "email:jules.martin@example.fr", "marketing.communications.sms");
        HeedResult show = await registry.RunAsync("optout", "show", "email:henry.ford@example.org");

        import.ExitCode.ShouldBe(0, import.ToString());
        import.Stdout.ShouldContain("Imported 4 rows");
        email.Stdout.ShouldStartWith("denied: opted_out");
        sms.Stdout.ShouldStartWith("allowed: allowed");
        show.Stdout.ShouldContain("mailchimp");
    }

    [Fact]
    public async Task Import_GenericFileWithPurposeOption_RowsWithoutPurposeGetIt()
    {
        HeedResult import = await registry.RunAsync("import", Samples.PathOf(Samples.Generic), "--purpose", "analytics", "--source", "crm");
        HeedResult phone = await registry.RunAsync("check", "phone:+1 415-555-0100", "marketing.communications.sms");
        HeedResult defaulted = await registry.RunAsync("check", "user:9001", "analytics.reporting");
        HeedResult show = await registry.RunAsync("optout", "show", "user:9001");

        import.ExitCode.ShouldBe(0, import.ToString());
        import.Stdout.ShouldContain("Imported 7 rows");
        phone.Stdout.ShouldStartWith("denied: opted_out");
        defaulted.Stdout.ShouldStartWith("denied: opted_out, matched analytics");
        show.Stdout.ShouldContain("crm");
    }

    [Fact]
    public async Task Import_FileWithBadRows_ExitsOneNamesTheLinesAndLeavesTheRegistryUnchanged()
    {
        long before = await registry.GetHeadAsync();

        HeedResult import = await registry.RunAsync("import", Samples.PathOf(Samples.GenericBadRows));
        long after = await registry.GetHeadAsync();
        HeedResult goodRow = await registry.RunAsync("check", "user:7001", "marketing.communications.email");

        import.ExitCode.ShouldBe(1, import.ToString());
        import.Stderr.ShouldContain("line 4: subject 'email:not-an-address'");
        import.Stderr.ShouldContain("line 6: unknown purpose 'marketing.nonexistent'");
        import.Stderr.ShouldContain("line 7: 'essential.security' is essential");
        import.Stderr.ShouldContain("nothing was written");
        after.ShouldBe(before);
        goodRow.Stdout.ShouldStartWith("allowed: allowed");
    }

    [Fact]
    public async Task Import_SameFileTwice_SecondCountsEveryRowUnchanged()
    {
        using TempFile file = TempFile.WithText("subject,purpose\nuser:re-1,analytics\nuser:re-2,analytics\nuser:re-1,marketing\n");

        HeedResult first = await registry.RunAsync("import", file.Path);
        HeedResult second = await registry.RunAsync("import", file.Path);
        HeedResult json = await registry.RunAsync("import", file.Path, "--json");

        first.ExitCode.ShouldBe(0, first.ToString());
        first.Stdout.ShouldContain("Imported 3 rows");
        first.Stdout.ShouldContain("3 changed, 0 were already opted out");
        second.ExitCode.ShouldBe(0, second.ToString());
        second.Stdout.ShouldContain("0 changed, 3 were already opted out");
        JsonElement summary = JsonDocument.Parse(json.Stdout).RootElement;
        summary.GetProperty("rowsWritten").GetInt64().ShouldBe(3);
        summary.GetProperty("rowsChanged").GetInt64().ShouldBe(0);
        summary.GetProperty("rowsUnchanged").GetInt64().ShouldBe(3);
    }

    [Fact]
    public async Task Import_DryRun_ValidatesAndLeavesTheRegistryUnchanged()
    {
        long before = await registry.GetHeadAsync();

        HeedResult import = await registry.RunAsync("import", Samples.PathOf(Samples.SendGrid), "--dry-run", "--purpose", "marketing");
        long after = await registry.GetHeadAsync();

        import.ExitCode.ShouldBe(0, import.ToString());
        import.Stdout.ShouldContain("6 valid rows; nothing was written (dry run)");
        after.ShouldBe(before);
    }

    [Fact]
    public async Task Import_UnknownHeader_ExitsTwo()
    {
        using TempFile file = TempFile.WithText("id,mail\n1,a@example.com\n");

        HeedResult import = await registry.RunAsync("import", file.Path);

        import.ExitCode.ShouldBe(2, import.ToString());
        import.Stderr.ShouldContain("unrecognised header");
    }
}
