using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Google.Protobuf;
using Heed.Protocol.V1;
using Heed.Registry.Replication;
using Heed.Registry.State;
using Heed.Registry.Tests.Infrastructure;
using Heed.Registry.Tests.Replication;
using Heed.Testing.Polling;
using Microsoft.Extensions.DependencyInjection;

namespace Heed.Registry.Tests.Audit;

/// <summary>
/// <c>GET /v1/audit/subjects/{subject}</c>: the record a regulator asks for (CCPA §7101): every request,
/// how and when it came in, when it was enforced everywhere, and the response.
/// </summary>
public sealed class SubjectRecordTests
{
    private const string Purpose = "marketing.communications.email";

    [Fact]
    public async Task Record_HoldsEveryRequest_HowItCameIn_AndTheEnforcedAtItsAnswerGave()
    {
        // Arrange
        await using RegistryServer server = await RegistryServer.StartAsync();
        await EnforcedAtHeadAsync(server);
        HttpClient writer = await server.ClientAsync("writer");
        HttpResponseMessage set = await writer.PutAsJsonAsync($"/v1/subjects/email:Ada@Example.com/optouts/{Purpose}", new { source = "preference-center", jurisdiction = "US-CA", evidence = "form 7" });
        JsonElement setAnswer = await set.EnsureSuccessStatusCode().ReadAsync();
        JsonElement clearAnswer = await (await writer.DeleteAsync($"/v1/subjects/email:ada@example.com/optouts/{Purpose}")).EnsureSuccessStatusCode().ReadAsync();
        HttpClient auditor = await server.ClientAsync("auditor");

        // Act: another spelling of the same person.
        JsonElement record = await (await auditor.GetAsync("/v1/audit/subjects/EMAIL:ada@example.com")).EnsureSuccessStatusCode().ReadAsync();

        // Assert
        record.GetProperty("subject").GetString().ShouldBe("email:ada@example.com");
        JsonElement[] requests = [.. record.GetProperty("requests").EnumerateArray()];
        requests.Length.ShouldBe(2);
        requests[0].GetProperty("request").GetString().ShouldBe("opt-out");
        requests[0].GetProperty("purpose").GetString().ShouldBe(Purpose);
        requests[0].GetProperty("source").GetString().ShouldBe("preference-center");
        requests[0].GetProperty("jurisdiction").GetString().ShouldBe("US-CA");
        requests[0].GetProperty("evidence").GetString().ShouldBe("form 7");
        requests[0].GetProperty("response").GetString().ShouldBe("opted_out");
        requests[0].GetProperty("lsn").GetInt64().ShouldBe(setAnswer.GetProperty("lsn").GetInt64());
        requests[0].GetProperty("receivedAt").GetDateTimeOffset().ShouldBe(Millis(setAnswer.GetProperty("receivedAt").GetDateTimeOffset()));
        requests[0].GetProperty("enforcedAt").GetDateTimeOffset().ShouldBe(Millis(setAnswer.GetProperty("enforcedAt").GetDateTimeOffset()));
        requests[1].GetProperty("request").GetString().ShouldBe("clear");
        requests[1].GetProperty("response").GetString().ShouldBe("allowed");
        requests[1].GetProperty("enforcedAt").GetDateTimeOffset().ShouldBe(Millis(clearAnswer.GetProperty("enforcedAt").GetDateTimeOffset()));
        record.GetProperty("optOuts").GetArrayLength().ShouldBe(0);
    }

    [Fact]
    public async Task Record_WriteAnsweredNotEnforced_GetsItsEnforcedAtOnceTheReplicaApplies()
    {
        // Arrange: a replica holds a lease and does not ack, so the write's answer comes at its deadline.
        await using RegistryServer server = await RegistryServer.StartAsync(configure: o =>
        {
            o.Lease = TimeSpan.FromSeconds(30);
            o.AckTimeout = TimeSpan.FromMilliseconds(100);
        });
        await EnforcedAtHeadAsync(server);
        HttpClient writer = await server.ClientAsync("writer");
        HttpClient auditor = await server.ClientAsync("auditor");
        RegistryState state = server.Handle.App.Services.GetRequiredService<RegistryState>();
        await using var replica = RawReplica.Connect(server.Handle.Endpoints.GrpcUrl, await server.KeyAsync("enforcer"));
        await replica.SendAsync(RawReplica.Hello(state.Head, ledgerId: state.LedgerId, chainHash: ByteString.CopyFrom(state.ChainHash)));
        await replica.RequestLeaseAsync(1, state.Head);
        await replica.NextAsync(RegistryMessage.BodyOneofCase.LeaseGrant);
        JsonElement answer = await (await writer.PutAsync($"/v1/subjects/user:late/optouts/{Purpose}", null)).EnsureSuccessStatusCode().ReadAsync();
        answer.GetProperty("enforced").GetBoolean().ShouldBeFalse();
        JsonElement before = (await RecordAsync(auditor, "user:late")).GetProperty("requests")[0];

        // Act
        ChangeBatch change = (await replica.NextAsync(RegistryMessage.BodyOneofCase.Changes)).Changes;
        DateTimeOffset ackedAfter = DateTimeOffset.UtcNow;
        await replica.AckAsync(change.LastLsn);

        // Assert
        before.GetProperty("enforcedAt").ValueKind.ShouldBe(JsonValueKind.Null);
        JsonElement after = default;
        await Poll.UntilAsync(
            async _ => (after = (await RecordAsync(auditor, "user:late")).GetProperty("requests")[0]).GetProperty("enforcedAt").ValueKind != JsonValueKind.Null,
            TimeSpan.FromSeconds(10),
            "the late write's enforcedAt in its record");
        after.GetProperty("enforcedAt").GetDateTimeOffset().ShouldBeGreaterThanOrEqualTo(Millis(ackedAfter));
    }

    [Fact]
    public async Task Record_SurvivesARestart()
    {
        // Arrange
        DateTimeOffset enforcedAt;
        string data;
        await using (RegistryServer first = await RegistryServer.StartAsync())
        {
            first.DeleteDataOnDispose = false;
            data = first.DataDirectory;
            await EnforcedAtHeadAsync(first);
            HttpClient writer = await first.ClientAsync("writer");
            enforcedAt = (await (await writer.PutAsync($"/v1/subjects/user:kept/optouts/{Purpose}", null)).EnsureSuccessStatusCode().ReadAsync()).GetProperty("enforcedAt").GetDateTimeOffset();
        }

        // Act
        await using RegistryServer second = await RegistryServer.StartAsync(dataDirectory: data);
        JsonElement record = await RecordAsync(await second.ClientAsync("auditor"), "user:kept");

        // Assert
        record.GetProperty("requests")[0].GetProperty("enforcedAt").GetDateTimeOffset().ShouldBe(Millis(enforcedAt));
    }

    [Theory]
    [InlineData("/v1/audit/subjects/nokind", HttpStatusCode.BadRequest)]
    [InlineData("/v1/audit/subjects/user:", HttpStatusCode.BadRequest)]
    public async Task Record_InvalidSubject_ProblemNamingIt(string path, HttpStatusCode status)
    {
        await using RegistryServer server = await RegistryServer.StartAsync();
        HttpResponseMessage response = await (await server.ClientAsync("auditor")).GetAsync(path);
        response.StatusCode.ShouldBe(status);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        (await response.ReadAsync()).GetProperty("errors").TryGetProperty("subject", out _).ShouldBeTrue();
    }

    [Fact]
    public async Task Record_WriterKey_Forbidden()
    {
        await using RegistryServer server = await RegistryServer.StartAsync();
        HttpResponseMessage response = await (await server.ClientAsync("writer")).GetAsync("/v1/audit/subjects/user:1");
        response.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    private static async Task<JsonElement> RecordAsync(HttpClient auditor, string subject) =>
        await (await auditor.GetAsync("/v1/audit/subjects/" + subject)).EnsureSuccessStatusCode().ReadAsync();

    /// <summary>The registry acknowledges nothing for one lease after it starts; wait that out.</summary>
    private static async Task EnforcedAtHeadAsync(RegistryServer server) =>
        await server.Handle.App.Services.GetRequiredService<LeaseCoordinator>()
            .WaitEnforcedAsync(server.Handle.App.Services.GetRequiredService<RegistryState>().Head, TestContext.Current.CancellationToken);

    private static DateTimeOffset Millis(DateTimeOffset at) => DateTimeOffset.FromUnixTimeMilliseconds(at.ToUnixTimeMilliseconds());
}
