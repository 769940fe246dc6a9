using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Heed.Registry.Tests.Infrastructure;

namespace Heed.Registry.Tests.Api;

public sealed class CheckReasonTests(RegistryFixture fixture) : IClassFixture<RegistryFixture>
{
    private RegistryServer Server => fixture.Server;

    [Fact]
    public async Task Check_NoOptOut_AllowedWithReasonAllowed()
    {
        HttpClient enforcer = await Server.ClientAsync("enforcer");

        JsonElement decision = await enforcer.CheckAsync("user:never-seen", "analytics.reporting");

        decision.GetProperty("allowed").GetBoolean().ShouldBeTrue();
        decision.GetProperty("reason").GetString().ShouldBe("allowed");
        decision.GetProperty("decisionId").GetString().ShouldNotBeNullOrEmpty();
    }

    [Fact]
    public async Task Check_AfterOptOutOfAncestor_DeniedWithMatchedNode()
    {
        HttpClient writer = await Server.ClientAsync("writer");
        HttpClient enforcer = await Server.ClientAsync("enforcer");
        HttpResponseMessage write = await writer.PutAsync("/v1/subjects/email:Alice@Example.com/optouts/marketing", null);
        write.StatusCode.ShouldBe(HttpStatusCode.OK);
        JsonElement written = await write.ReadAsync();

        JsonElement decision = await enforcer.CheckAsync(" email:ALICE@example.COM ", "marketing.communications.email");

        written.GetProperty("subject").GetString().ShouldBe("email:alice@example.com");
        written.GetProperty("state").GetString().ShouldBe("opted_out");
        written.GetProperty("enforced").GetBoolean().ShouldBeTrue();
        decision.GetProperty("allowed").GetBoolean().ShouldBeFalse();
        decision.GetProperty("reason").GetString().ShouldBe("opted_out");
        decision.GetProperty("matched").GetString().ShouldBe("marketing");
        decision.GetProperty("lsn").GetInt64().ShouldBeGreaterThanOrEqualTo(written.GetProperty("lsn").GetInt64());
    }

    [Fact]
    public async Task Check_EssentialPurpose_AllowedWithReasonEssential()
    {
        HttpClient writer = await Server.ClientAsync("writer");
        HttpClient enforcer = await Server.ClientAsync("enforcer");
        (await writer.PutAsync("/v1/subjects/user:essential-1/optouts/all", null)).EnsureSuccessStatusCode();

        JsonElement decision = await enforcer.CheckAsync("user:essential-1", "essential.security");

        decision.GetProperty("allowed").GetBoolean().ShouldBeTrue();
        decision.GetProperty("reason").GetString().ShouldBe("essential");
    }

    [Fact]
    public async Task Check_UnknownPurpose_DeniedWithReasonUnknownPurpose()
    {
        HttpClient enforcer = await Server.ClientAsync("enforcer");

        JsonElement decision = await enforcer.CheckAsync("user:1", "marketing.carrier_pigeon");

        decision.GetProperty("allowed").GetBoolean().ShouldBeFalse();
        decision.GetProperty("reason").GetString().ShouldBe("unknown_purpose");
    }

    [Theory]
    [InlineData("no-colon")]
    [InlineData("E-mail:alice@example.com")]
    [InlineData("user:a\u200Bb")]
    [InlineData("email:not-an-email")]
    [InlineData("phone:12")]
    [InlineData("user:")]
    public async Task Check_InvalidSubject_DeniedWithReasonInvalidSubject(string subject)
    {
        HttpClient enforcer = await Server.ClientAsync("enforcer");

        JsonElement decision = await enforcer.CheckAsync(subject, "analytics");

        decision.GetProperty("allowed").GetBoolean().ShouldBeFalse();
        decision.GetProperty("reason").GetString().ShouldBe("invalid_subject");
    }

    [Fact]
    public async Task Check_TokenBeyondHead_DeniedWithReasonUnconfirmed()
    {
        HttpClient enforcer = await Server.ClientAsync("enforcer");

        JsonElement decision = await enforcer.CheckAsync("user:1", "analytics", token: long.MaxValue / 2);

        decision.GetProperty("allowed").GetBoolean().ShouldBeFalse();
        decision.GetProperty("reason").GetString().ShouldBe("unconfirmed");
    }

    [Fact]
    public async Task Check_TokenOfOwnWrite_SeesTheWrite()
    {
        HttpClient writer = await Server.ClientAsync("writer");
        HttpClient enforcer = await Server.ClientAsync("enforcer");
        JsonElement written = await (await writer.PutAsync("/v1/subjects/user:token-1/optouts/train_ai_system", null)).ReadAsync();

        JsonElement decision = await enforcer.CheckAsync("user:token-1", "train_ai_system", written.GetProperty("lsn").GetInt64());

        decision.GetProperty("reason").GetString().ShouldBe("opted_out");
    }

    [Fact]
    public async Task Clear_AfterOptOut_AllowsAgainAndRecordsHistory()
    {
        HttpClient writer = await Server.ClientAsync("writer");
        HttpClient enforcer = await Server.ClientAsync("enforcer");
        (await writer.PutAsJsonAsync("/v1/subjects/user:clear-1/optouts/analytics", new { source = "preference-center", jurisdiction = "US-CA" })).EnsureSuccessStatusCode();

        HttpResponseMessage cleared = await writer.DeleteAsync("/v1/subjects/user:clear-1/optouts/analytics");
        JsonElement decision = await enforcer.CheckAsync("user:clear-1", "analytics.reporting");
        JsonElement subject = await (await writer.GetAsync("/v1/subjects/user:clear-1")).ReadAsync();

        cleared.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await cleared.ReadAsync()).GetProperty("state").GetString().ShouldBe("allowed");
        decision.GetProperty("reason").GetString().ShouldBe("allowed");
        subject.GetProperty("optOuts").GetArrayLength().ShouldBe(0);
        JsonElement history = subject.GetProperty("history");
        history.GetArrayLength().ShouldBe(2);
        history[0].GetProperty("action").GetString().ShouldBe("set");
        history[0].GetProperty("source").GetString().ShouldBe("preference-center");
        history[0].GetProperty("jurisdiction").GetString().ShouldBe("US-CA");
        history[1].GetProperty("action").GetString().ShouldBe("clear");
    }

    [Fact]
    public async Task Clear_ChildWhileAncestorOptedOut_StaysOptedOut()
    {
        HttpClient writer = await Server.ClientAsync("writer");
        (await writer.PutAsync("/v1/subjects/user:anc-1/optouts/marketing", null)).EnsureSuccessStatusCode();

        JsonElement cleared = await (await writer.DeleteAsync("/v1/subjects/user:anc-1/optouts/marketing.communications.sms")).ReadAsync();

        cleared.GetProperty("state").GetString().ShouldBe("opted_out");
    }

    [Fact]
    public async Task Check_BatchOfMixedItems_AnswersEachInOrder()
    {
        HttpClient writer = await Server.ClientAsync("writer");
        HttpClient enforcer = await Server.ClientAsync("enforcer");
        (await writer.PutAsync("/v1/subjects/user:batch-check/optouts/third_party_sharing", null)).EnsureSuccessStatusCode();

        HttpResponseMessage response = await enforcer.PostAsJsonAsync("/v1/check/batch", new
        {
            items = new[]
            {
                new { subject = "user:batch-check", purpose = "third_party_sharing.sale" },
                new { subject = "user:batch-check", purpose = "analytics" },
                new { subject = "bad", purpose = "analytics" },
                new { subject = "user:batch-check", purpose = "nope" },
            },
        });
        JsonElement body = await response.ReadAsync();

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        string[] reasons = [.. body.GetProperty("results").EnumerateArray().Select(r => r.GetProperty("reason").GetString()!)];
        reasons.ShouldBe(["opted_out", "allowed", "invalid_subject", "unknown_purpose"]);
    }

    [Fact]
    public async Task Write_EssentialPurpose_Refused422()
    {
        HttpClient writer = await Server.ClientAsync("writer");

        HttpResponseMessage response = await writer.PutAsync("/v1/subjects/user:1/optouts/essential.legal_obligation", null);

        response.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
    }
}
