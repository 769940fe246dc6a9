using System.Text.Json;
using Heed.Cli.Tests.Infrastructure;

namespace Heed.Cli.Tests.OptOuts;

public sealed class OptOutEndToEndTests(RegistryProcess registry) : IClassFixture<RegistryProcess>
{
    [Fact]
    public async Task SetShowClear_OneSubject_StateAndHistoryFollow()
    {
        HeedResult set = await registry.RunAsync(
            "optout", "set", "email:Alice@Example.com", "marketing.communications.email", "--source", "preference-center", "--jurisdiction", "CCPA", "--evidence", "ticket [4411]");
        HeedResult shown = await registry.RunAsync("optout", "show", "email:alice@example.com");
        HeedResult clear = await registry.RunAsync("optout", "clear", "email:alice@example.com", "marketing.communications.email");
        HeedResult after = await registry.RunAsync("optout", "show", "email:alice@example.com", "--json");

        set.ExitCode.ShouldBe(0, set.ToString());
        set.Stdout.ShouldStartWith("email:alice@example.com is opted out of marketing.communications.email (lsn ");
        set.Stdout.ShouldContain("enforced at");
        shown.ExitCode.ShouldBe(0, shown.ToString());
        shown.Stdout.ShouldContain("Current opt-outs");
        shown.Stdout.ShouldContain("preference-center");
        shown.Stdout.ShouldContain("ticket [4411]");
        clear.ExitCode.ShouldBe(0, clear.ToString());
        clear.Stdout.ShouldStartWith("email:alice@example.com is no longer opted out of marketing.communications.email");
        JsonElement subject = JsonDocument.Parse(after.Stdout).RootElement;
        subject.GetProperty("optOuts").GetArrayLength().ShouldBe(0);
        subject.GetProperty("history").EnumerateArray().Select(h => h.GetProperty("action").GetString()).ShouldBe(["set", "clear"]);
    }

    [Theory]
    [InlineData("email:c/d@x.com", "email:c/d@x.com")]
    [InlineData("user:50%off", "user:50%off")]
    [InlineData("user:a+b c", "user:a+b c")]
    [InlineData("Email:Zo\u00CB@x.com", "email:zo\u00EB@x.com")]
    public async Task SetCheckShow_SubjectWithReservedOrNonAsciiCharacters_IsTheSameSubject(string written, string canonical)
    {
        HeedResult set = await registry.RunAsync("optout", "set", written, "analytics", "--json");
        HeedResult check = await registry.RunAsync("check", written, "analytics.reporting");
        HeedResult shown = await registry.RunAsync("optout", "show", canonical, "--json");

        set.ExitCode.ShouldBe(0, set.ToString());
        JsonDocument.Parse(set.Stdout).RootElement.GetProperty("subject").GetString().ShouldBe(canonical);
        check.ExitCode.ShouldBe(0, check.ToString());
        check.Stdout.ShouldStartWith("denied: opted_out");
        JsonElement subject = JsonDocument.Parse(shown.Stdout).RootElement;
        subject.GetProperty("subject").GetString().ShouldBe(canonical);
        subject.GetProperty("optOuts").GetArrayLength().ShouldBe(1);
    }

    [Fact]
    public async Task SetTwiceClearTwice_RepeatedWrites_SayNothingChanged()
    {
        HeedResult first = await registry.RunAsync("optout", "set", "user:repeat", "analytics");
        HeedResult again = await registry.RunAsync("optout", "set", "user:repeat", "analytics");
        HeedResult clear = await registry.RunAsync("optout", "clear", "user:repeat", "analytics");
        HeedResult clearAgain = await registry.RunAsync("optout", "clear", "user:repeat", "analytics");
        HeedResult json = await registry.RunAsync("optout", "clear", "user:repeat", "analytics", "--json");

        first.Stdout.ShouldStartWith("user:repeat is opted out of analytics (lsn ");
        again.ExitCode.ShouldBe(0, again.ToString());
        again.Stdout.ShouldStartWith("user:repeat was already opted out of analytics; nothing changed (lsn ");
        clear.Stdout.ShouldStartWith("user:repeat is no longer opted out of analytics (lsn ");
        clearAgain.ExitCode.ShouldBe(0, clearAgain.ToString());
        clearAgain.Stdout.ShouldStartWith("user:repeat was not opted out of analytics; nothing changed (lsn ");
        JsonDocument.Parse(json.Stdout).RootElement.GetProperty("changed").GetBoolean().ShouldBeFalse();
    }

    [Fact]
    public async Task Show_SubjectWithoutOptOuts_SaysSo()
    {
        HeedResult shown = await registry.RunAsync("optout", "show", "user:never-seen");

        shown.ExitCode.ShouldBe(0, shown.ToString());
        shown.Stdout.ShouldContain("No current opt-outs.");
    }

    [Fact]
    public async Task Set_InvalidSubjectAndPurpose_ExitOneWithEachFieldError()
    {
        HeedResult set = await registry.RunAsync("optout", "set", "no-colon", "marketing.telepathy");

        set.ExitCode.ShouldBe(1, set.ToString());
        set.Stderr.ShouldContain("heed: the registry answered 400");
        set.Stderr.ShouldContain("  subject: a subject is 'kind:value'");
        set.Stderr.ShouldContain("  purpose: unknown purpose 'marketing.telepathy'");
    }

    [Fact]
    public async Task Set_EssentialPurpose_ExitOneWith422()
    {
        HeedResult set = await registry.RunAsync("optout", "set", "user:1", "essential.security");

        set.ExitCode.ShouldBe(1, set.ToString());
        set.Stderr.ShouldContain("422");
    }

    [Fact]
    public async Task Set_MissingPurposeArgument_ExitTwo()
    {
        HeedResult set = await registry.RunAsync("optout", "set", "user:1");

        set.ExitCode.ShouldBe(2, set.ToString());
        set.Stderr.ShouldContain("PURPOSE");
    }
}
