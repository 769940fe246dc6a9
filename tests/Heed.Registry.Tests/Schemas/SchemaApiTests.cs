using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Heed.Core.Schemas;
using Heed.Registry.State;
using Heed.Registry.Tests.Infrastructure;
using Heed.Registry.Tests.Overrides;
using Heed.Storage.Ledger;
using Microsoft.Extensions.DependencyInjection;
using static Heed.Registry.Tests.Schemas.SchemaCalls;

namespace Heed.Registry.Tests.Schemas;

/// <summary><c>/v1/schemas</c>: admins register, deprecate, retire and raise minimums, each a ledger entry
/// answered once enforced; bad input is a 4xx problem naming what is wrong.</summary>
public sealed class SchemaApiTests : IAsyncLifetime
{
    private RegistryServer _server = null!;

    public async ValueTask InitializeAsync() => _server = await RegistryServer.StartAsync();

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    private SchemaCatalog Catalog => _server.Handle.App.Services.GetRequiredService<RegistryState>().Replica.Schemas;

    [Fact]
    public async Task Register_FirstVersion_Is201AcknowledgedAndALedgerEntry()
    {
        using HttpClient admin = await _server.ClientAsync("admin");

        HttpResponseMessage response = await admin.PostAsync("/v1/schemas", Json.Raw($$"""{"type":"{{OrderType}}","version":1,"purposes":["marketing","analytics"],"subjectPointer":"/customer/id","dataschema":"https://schemas.example.com/order/1"}"""));

        response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        response.Headers.Location!.OriginalString.ShouldBe(TypePath);
        JsonElement body = await response.ReadAsync();
        body.GetProperty("type").GetString().ShouldBe(OrderType);
        body.GetProperty("status").GetString().ShouldBe("active");
        body.GetProperty("enforced").GetBoolean().ShouldBeTrue();
        body.GetProperty("enforcedAt").ValueKind.ShouldBe(JsonValueKind.String);
        long lsn = body.GetProperty("lsn").GetInt64();
        LedgerEntry entry = (await _server.Handle.App.Services.GetRequiredService<ILedgerStore>().ReadAfterAsync(lsn - 1, 1, TestContext.Current.CancellationToken))[0];
        entry.Kind.ShouldBe(EntryKinds.SchemaRegister);
        entry.Body.ShouldStartWith("""{"dataschema":"https://schemas.example.com/order/1","purposes":["analytics","marketing"],"registeredBy":""");
        entry.Body.ShouldEndWith(""","subjectPointer":"/customer/id","type":"com.example/order.placed","version":1}""");
        SchemaResolution resolved = Catalog.Resolve(OrderType, 1);
        resolved.Accepted.ShouldBeTrue();
        resolved.Schema!.Purposes.ShouldBe(["analytics", "marketing"]);
        resolved.Schema.DataSchema.ShouldBe("https://schemas.example.com/order/1");
    }

    [Fact]
    public async Task Get_ListAndOneType_ShowVersionsStatusesAndMinimumToReaders()
    {
        using HttpClient admin = await _server.ClientAsync("admin");
        await admin.RegisteredAsync(1);
        await admin.RegisteredAsync(2, "\"marketing\",\"analytics\"");
        (await admin.StatusAsync("1", "deprecate")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await admin.MinimumAsync("""{"minVersion":1}""")).StatusCode.ShouldBe(HttpStatusCode.OK);

        foreach (string role in new[] { "auditor", "writer", "enforcer" })
        {
            using HttpClient reader = await _server.ClientAsync(role);
            JsonElement list = await reader.GetFromJsonAsync<JsonElement>("/v1/schemas", TestContext.Current.CancellationToken);
            JsonElement one = await reader.GetFromJsonAsync<JsonElement>(TypePath, TestContext.Current.CancellationToken);

            list.GetProperty("types").GetArrayLength().ShouldBe(1);
            list.GetProperty("types")[0].GetRawText().ShouldBe(one.GetRawText());
            one.GetProperty("type").GetString().ShouldBe(OrderType);
            one.GetProperty("minVersion").GetInt32().ShouldBe(1);
            JsonElement versions = one.GetProperty("versions");
            versions.GetArrayLength().ShouldBe(2);
            versions[0].GetProperty("status").GetString().ShouldBe("deprecated");
            versions[0].GetProperty("statusLsn").GetInt64().ShouldBeGreaterThan(versions[1].GetProperty("lsn").GetInt64());
            versions[1].GetProperty("status").GetString().ShouldBe("active");
            versions[1].GetProperty("subjectPointer").GetString().ShouldBe("/customer/id");
        }
    }

    [Fact]
    public async Task Get_UnknownType_Is404()
    {
        using HttpClient auditor = await _server.ClientAsync("auditor");

        await (await auditor.GetAsync("/v1/schemas/com.example.none")).ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Writes_ByAnAuditor_Are403()
    {
        using HttpClient admin = await _server.ClientAsync("admin");
        await admin.RegisteredAsync(1);
        using HttpClient auditor = await _server.ClientAsync("auditor");

        await (await auditor.RegisterAsync(2)).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        await (await auditor.StatusAsync("1", "retire")).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        await (await auditor.MinimumAsync("""{"minVersion":1}""")).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
    }

    [Theory]
    [InlineData("""{"version":1,"purposes":["marketing"]}""", "type")]
    [InlineData("""{"type":"","version":1,"purposes":["marketing"]}""", "type")]
    [InlineData("""{"type":"a\u0001b","version":1,"purposes":["marketing"]}""", "type")]
    [InlineData("""{"type":"t","purposes":["marketing"]}""", "version")]
    [InlineData("""{"type":"t","version":0,"purposes":["marketing"]}""", "version")]
    [InlineData("""{"type":"t","version":-3,"purposes":["marketing"]}""", "version")]
    [InlineData("""{"type":"t","version":1}""", "purposes")]
    [InlineData("""{"type":"t","version":1,"purposes":[]}""", "purposes")]
    [InlineData("""{"type":"t","version":1,"purposes":["no.such.purpose"]}""", "purposes[0]")]
    [InlineData("""{"type":"t","version":1,"purposes":[null]}""", "purposes[0]")]
    [InlineData("""{"type":"t","version":1,"purposes":["marketing"],"subjectPointer":""}""", "subjectPointer")]
    [InlineData("""{"type":"t","version":1,"purposes":["marketing"],"subjectPointer":"user/id"}""", "subjectPointer")]
    [InlineData("""{"type":"t","version":1,"purposes":["marketing"],"subjectPointer":"/a~2"}""", "subjectPointer")]
    [InlineData("""{"type":"t","version":1,"purposes":["marketing"],"dataschema":"order.json"}""", "dataschema")]
    public async Task Register_InvalidInput_Is400NamingTheField(string body, string field)
    {
        using HttpClient admin = await _server.ClientAsync("admin");

        JsonElement problem = await (await admin.PostAsync("/v1/schemas", Json.Raw(body))).ShouldBeProblemAsync(HttpStatusCode.BadRequest);

        problem.GetProperty("errors").TryGetProperty(field, out _).ShouldBeTrue(problem.GetRawText());
        Catalog.Versions.ShouldBeEmpty();
    }

    [Theory]
    [InlineData("""{"type":"t","version":1.5,"purposes":["marketing"]}""")]
    [InlineData("""{"type":"t","version":1,"purposes":"marketing"}""")]
    [InlineData("""{"type":"t",""")]
    [InlineData("[]")]
    public async Task Register_MalformedJson_Is400(string body)
    {
        using HttpClient admin = await _server.ClientAsync("admin");

        await (await admin.PostAsync("/v1/schemas", Json.Raw(body))).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Register_SameVersionAgainOrALowerOne_Is409()
    {
        using HttpClient admin = await _server.ClientAsync("admin");
        await admin.RegisteredAsync(2);

        JsonElement again = await (await admin.RegisterAsync(2)).ShouldBeProblemAsync(HttpStatusCode.Conflict);
        await (await admin.RegisterAsync(1)).ShouldBeProblemAsync(HttpStatusCode.Conflict);

        again.GetProperty("detail").GetString()!.ShouldContain("register version 3");
    }

    [Fact]
    public async Task Register_NarrowedPurposes_Is422NamingTheDroppedPurpose()
    {
        using HttpClient admin = await _server.ClientAsync("admin");
        await admin.RegisteredAsync(1, "\"marketing\",\"analytics\"");

        JsonElement problem = await (await admin.RegisterAsync(2, "\"marketing\"")).ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity);

        problem.GetProperty("type").GetString().ShouldBe("https://heed.dev/problems/schema-incompatible");
        problem.GetProperty("detail").GetString()!.ShouldContain("drops analytics");
        Catalog.Highest(OrderType)!.Version.ShouldBe(1);
    }

    [Theory]
    [InlineData("/user/id")]
    [InlineData(null)]
    public async Task Register_MovedSubject_Is422(string? subjectAt)
    {
        using HttpClient admin = await _server.ClientAsync("admin");
        await admin.RegisteredAsync(1);

        JsonElement problem = await (await admin.RegisterAsync(2, subjectAt: subjectAt)).ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity);

        problem.GetProperty("detail").GetString()!.ShouldContain("moves the subject");
    }

    [Fact]
    public async Task DeprecateThenRetire_AreAcknowledgedAndChangeTheCatalog()
    {
        using HttpClient admin = await _server.ClientAsync("admin");
        await admin.RegisteredAsync(1);
        await admin.RegisteredAsync(2);

        HttpResponseMessage deprecated = await admin.StatusAsync("1", "deprecate");
        SchemaResolution afterDeprecate = Catalog.Resolve(OrderType, 1);
        HttpResponseMessage retired = await admin.StatusAsync("1", "retire");

        deprecated.StatusCode.ShouldBe(HttpStatusCode.OK, await deprecated.Content.ReadAsStringAsync());
        afterDeprecate.Accepted.ShouldBeTrue();
        afterDeprecate.Schema!.Status.ShouldBe(SchemaStatus.Deprecated);
        JsonElement body = await retired.ReadAsync();
        body.GetProperty("status").GetString().ShouldBe("retired");
        body.GetProperty("version").GetInt32().ShouldBe(1);
        body.GetProperty("enforced").GetBoolean().ShouldBeTrue();
        Catalog.Resolve(OrderType, 1).Rejection.ShouldBe(SchemaRejection.Retired);
        Catalog.Resolve(OrderType, 2).Accepted.ShouldBeTrue();
    }

    [Theory]
    [InlineData("1", "retire", HttpStatusCode.Conflict)]
    [InlineData("1", "deprecate", HttpStatusCode.Conflict)]
    [InlineData("2", "deprecate", HttpStatusCode.Conflict)]
    [InlineData("7", "retire", HttpStatusCode.NotFound)]
    [InlineData("0", "retire", HttpStatusCode.BadRequest)]
    [InlineData("01", "retire", HttpStatusCode.BadRequest)]
    [InlineData("x", "deprecate", HttpStatusCode.BadRequest)]
    public async Task StatusChange_NotAllowed_IsAProblem(string version, string action, HttpStatusCode status)
    {
        using HttpClient admin = await _server.ClientAsync("admin");
        await admin.RegisteredAsync(1);
        await admin.RegisteredAsync(2);
        (await admin.StatusAsync("1", "retire")).EnsureSuccessStatusCode();
        (await admin.StatusAsync("2", "deprecate")).EnsureSuccessStatusCode();

        await (await admin.StatusAsync(version, action)).ShouldBeProblemAsync(status);
    }

    [Fact]
    public async Task StatusChange_UnknownType_Is404()
    {
        using HttpClient admin = await _server.ClientAsync("admin");

        await (await admin.StatusAsync("1", "retire", "/v1/schemas/com.example.none")).ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Minimum_Raised_IsAcknowledgedAndRefusesLowerVersions()
    {
        using HttpClient admin = await _server.ClientAsync("admin");
        await admin.RegisteredAsync(1);
        await admin.RegisteredAsync(2);

        HttpResponseMessage response = await admin.MinimumAsync("""{"minVersion":2}""");

        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        JsonElement body = await response.ReadAsync();
        body.GetProperty("minVersion").GetInt32().ShouldBe(2);
        body.GetProperty("enforced").GetBoolean().ShouldBeTrue();
        Catalog.Resolve(OrderType, 1).Rejection.ShouldBe(SchemaRejection.BelowMinimum);
        Catalog.Resolve(OrderType, 2).Accepted.ShouldBeTrue();
    }

    [Theory]
    [InlineData("""{"minVersion":3}""", HttpStatusCode.Conflict)]
    [InlineData("""{"minVersion":1}""", HttpStatusCode.Conflict)]
    [InlineData("""{"minVersion":0}""", HttpStatusCode.BadRequest)]
    [InlineData("""{}""", HttpStatusCode.BadRequest)]
    [InlineData("""{"minVersion":2.5}""", HttpStatusCode.BadRequest)]
    public async Task Minimum_NotAllowed_IsAProblem(string body, HttpStatusCode status)
    {
        using HttpClient admin = await _server.ClientAsync("admin");
        await admin.RegisteredAsync(1);
        await admin.RegisteredAsync(2);
        (await admin.MinimumAsync("""{"minVersion":2}""")).EnsureSuccessStatusCode();

        await (await admin.MinimumAsync(body)).ShouldBeProblemAsync(status);
        Catalog.MinimumVersion(OrderType).ShouldBe(2);
    }

    [Fact]
    public async Task Minimum_UnknownType_Is404()
    {
        using HttpClient admin = await _server.ClientAsync("admin");

        await (await admin.MinimumAsync("""{"minVersion":1}""", "/v1/schemas/com.example.none")).ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Restart_KeepsTheCatalog()
    {
        using (HttpClient admin = await _server.ClientAsync("admin"))
        {
            await admin.RegisteredAsync(1);
            await admin.RegisteredAsync(2);
            (await admin.StatusAsync("1", "retire")).EnsureSuccessStatusCode();
            (await admin.MinimumAsync("""{"minVersion":2}""")).EnsureSuccessStatusCode();
        }

        _server.DeleteDataOnDispose = false;
        await _server.DisposeAsync();
        _server = await RegistryServer.StartAsync(_server.DataDirectory, _server.AdminKey);

        Catalog.Resolve(OrderType, 1).Rejection.ShouldBe(SchemaRejection.Retired);
        Catalog.Resolve(OrderType, 2).Accepted.ShouldBeTrue();
        Catalog.MinimumVersion(OrderType).ShouldBe(2);
        using HttpClient again = await _server.ClientAsync("admin");
        await (await again.RegisterAsync(2)).ShouldBeProblemAsync(HttpStatusCode.Conflict);
    }
}
