using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Heed.Registry.Tests.Infrastructure;

namespace Heed.Registry.Tests.Api;

public sealed class BatchWriteTests(RegistryFixture fixture) : IClassFixture<RegistryFixture>
{
    private RegistryServer Server => fixture.Server;

    [Fact]
    public async Task Batch_TenThousandItems_AllWrittenInOneLsnRange()
    {
        HttpClient writer = await Server.ClientAsync("writer");
        HttpClient enforcer = await Server.ClientAsync("enforcer");
        var items = Enumerable.Range(0, 10_000).Select(i => new { subject = $"user:bulk-{i}", purpose = "marketing.communications.email", action = "set" }).ToArray();

        HttpResponseMessage response = await writer.PostAsJsonAsync("/v1/optouts/batch", new { items });
        JsonElement body = await response.ReadAsync();
        JsonElement last = await enforcer.CheckAsync("user:bulk-9999", "marketing.communications.email");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        body.GetProperty("count").GetInt32().ShouldBe(10_000);
        body.GetProperty("enforced").GetBoolean().ShouldBeTrue();
        last.GetProperty("reason").GetString().ShouldBe("opted_out");
    }

    [Fact]
    public async Task Batch_TenThousandAndOneItems_Refused400()
    {
        HttpClient writer = await Server.ClientAsync("writer");
        var items = Enumerable.Range(0, 10_001).Select(i => new { subject = $"user:over-{i}", purpose = "analytics", action = "set" }).ToArray();

        HttpResponseMessage response = await writer.PostAsJsonAsync("/v1/optouts/batch", new { items });

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.ReadAsync()).GetProperty("detail").GetString()!.ShouldContain("10000");
    }

    [Fact]
    public async Task Batch_OneInvalidItem_NothingWrittenAndItemNamed()
    {
        HttpClient writer = await Server.ClientAsync("writer");
        HttpClient enforcer = await Server.ClientAsync("enforcer");
        object[] items =
        [
            new { subject = "user:aon-1", purpose = "analytics", action = "set" },
            new { subject = "user:aon-2", purpose = "analytics", action = "set" },
            new { subject = "email:broken", purpose = "analytics", action = "set" },
            new { subject = "user:aon-3", purpose = "analytics", action = "explode" },
        ];

        HttpResponseMessage response = await writer.PostAsJsonAsync("/v1/optouts/batch", new { items });
        JsonElement problem = await response.ReadAsync();
        JsonElement first = await enforcer.CheckAsync("user:aon-1", "analytics");

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        JsonElement errors = problem.GetProperty("errors");
        errors.TryGetProperty("items[2].subject", out _).ShouldBeTrue();
        errors.TryGetProperty("items[3].action", out _).ShouldBeTrue();
        first.GetProperty("reason").GetString().ShouldBe("allowed");
    }

    [Fact]
    public async Task Batch_Empty_Refused400()
    {
        HttpClient writer = await Server.ClientAsync("writer");

        HttpResponseMessage response = await writer.PostAsync("/v1/optouts/batch", Json.Raw("""{"items":[]}"""));

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task CheckBatch_TenThousandAndOne_Refused400()
    {
        HttpClient enforcer = await Server.ClientAsync("enforcer");
        var items = Enumerable.Range(0, 10_001).Select(i => new { subject = $"user:{i}", purpose = "analytics" }).ToArray();

        HttpResponseMessage response = await enforcer.PostAsJsonAsync("/v1/check/batch", new { items });

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }
}
