using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using FsCheck.Fluent;
using Heed.Client;
using Heed.Core.Decisions;
using Heed.Gate.Tests.Infrastructure;
using Heed.Relay.Configuration;
using Heed.Relay.Messages;
using RabbitMQ.Client;

namespace Heed.Gate.Tests.Subjects;

/// <summary>
/// The gate and the relay see the same values, through their real extraction entry points (the gate over
/// HTTP, the relay's <see cref="SubjectExtractor"/> on an AMQP message), and agree with the registry on each:
/// a value the relay reads as subject S is stored by the registry as S and denied by the gate once S opted
/// out; a value the relay refuses, the gate refuses too. The SDK (an in-process <see cref="IHeedEnforcer"/>)
/// and the sidecar (its HTTP <c>/v1/check</c>) are given the same strings as whole subjects, as an
/// application would pass them: each denies what the registry stored, and refuses what it refused.
/// </summary>
public sealed class GateRelayAgreementTests(GateServer server) : IClassFixture<GateServer>, IAsyncLifetime
{
    private SidecarHost? _sidecar;

    public async ValueTask InitializeAsync() => _sidecar = await SidecarHost.StartAsync(server.Registry);

    public async ValueTask DisposeAsync()
    {
        if (_sidecar is not null)
        {
            await _sidecar.DisposeAsync();
        }
    }

    private const string Purpose = "analytics.reporting";

    private static readonly string[] Tricky =
    [
        "8812", "user:8812", "User:8812", "USER:8812", " 8812 ", "user:user:8812", "08812", "8812.0", "8.812e3", "8812e0",
        "8812,42", "8812;x=1", "\uFF18\uFF18\uFF11\uFF12", "88\u200B12", "\u200F8812", "\uFEFF8812", "Email:alice@example.com",
        "EMAIL:Alice@Example.com", "e-mail:alice@example.com", "t/1", "t%2F1", "50%off", "a+b c", "Zoe\u0308", "Zo\u00EB",
        "email:\u0130stanbul@example.com", "email:\uFF41lice@example.com", "8812:x", ":8812", "phone:+1 (555) 123-4567",
    ];

    private readonly SubjectExtractor _relayHeader = new(new SubjectConfig { From = SubjectSourceKind.Header, Header = "user-id", Kind = "user" });
    private readonly SubjectExtractor _relayJson = new(new SubjectConfig { From = SubjectSourceKind.Json, Pointer = "/user/id", Kind = "user" });

    [Fact]
    public async Task TrickyValues_GateAndRelay_AgreeWithRegistry()
    {
        foreach (string value in Tricky)
        {
            await AssertAgreeAsync(value);
        }
    }

    [Fact]
    public async Task RandomValues_GateAndRelay_AgreeWithRegistry()
    {
        // FsCheck's generator over the same pieces; each sample costs a write and requests, so 150 of them.
        FsCheck.Gen<string> pieces = Gen.Elements(Tricky.Concat(["/", "%", "+", " ", ":", "\u0301", "\u00A0", "@", "x"]).ToArray());
        FsCheck.Gen<string> values = from count in Gen.Choose(1, 4) from parts in pieces.ArrayOf(count) select string.Concat(parts);
        foreach (string value in values.Sample(150))
        {
            await AssertAgreeAsync(value);
        }
    }

    private async Task AssertAgreeAsync(string value)
    {
        SubjectResult fromHeader = _relayHeader.Extract(Message(new Dictionary<string, object?> { ["user-id"] = Encoding.UTF8.GetBytes(value) }), default);
        byte[] body = JsonSerializer.SerializeToUtf8Bytes(new { user = new { id = value } });
        SubjectResult fromJson = _relayJson.Extract(Message(null), body);

        string? expected = fromHeader.Subject;
        if (expected is not null)
        {
            // The registry stores what the relay derived, unchanged.
            HttpResponseMessage put = await server.Registry.Writer.PutAsJsonAsync($"/v1/subjects/{Uri.EscapeDataString(expected)}/optouts/{Purpose}", new { source = "agreement" }, TestContext.Current.CancellationToken);
            put.StatusCode.ShouldBe(HttpStatusCode.OK, $"registry refused '{expected}' (from '{value}')");
            JsonElement stored = await put.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
            stored.GetProperty("subject").GetString().ShouldBe(expected, $"from '{value}'");
        }

        // JSON strings carry no list or parameter syntax, so they may read where a header is refused.
        if (fromJson.Subject is { } jsonSubject && jsonSubject != expected)
        {
            (await server.Registry.Writer.PutAsJsonAsync($"/v1/subjects/{Uri.EscapeDataString(jsonSubject)}/optouts/{Purpose}", new { source = "agreement" }, TestContext.Current.CancellationToken)).EnsureSuccessStatusCode();
        }

        foreach (string whole in new[] { value, "user:" + value }.Distinct())
        {
            await AssertSdkAndSidecarAgreeAsync(whole);
        }

        if (expected is not null)
        {
            (await SdkAndSidecarReasonsAsync(expected)).ShouldBe(("opted_out", "opted_out"), $"SDK and sidecar on '{Escape(expected)}', the relay's subject for '{Escape(value)}'");
        }

        string wanted = expected is null ? "invalid_subject" : "opted_out";
        (await GateReasonByTextAsync(value)).ShouldBe(wanted, $"gate on '{Escape(value)}', relay said {fromHeader.Subject ?? fromHeader.Problem}");
        (await GateReasonByJsonAsync(body)).ShouldBe(fromJson.Subject is null ? "invalid_subject" : "opted_out", $"gate json on '{Escape(value)}', relay said {fromJson.Subject ?? fromJson.Problem}");
    }

    /// <summary>The registry stores <paramref name="subject"/> or refuses it; the SDK and the sidecar then deny it, or call it invalid.</summary>
    private async Task AssertSdkAndSidecarAgreeAsync(string subject)
    {
        HttpResponseMessage put = await server.Registry.Writer.PutAsJsonAsync($"/v1/subjects/{Uri.EscapeDataString(subject)}/optouts/{Purpose}", new { source = "agreement" }, TestContext.Current.CancellationToken);
        string wanted = put.StatusCode switch
        {
            HttpStatusCode.OK => "opted_out",
            HttpStatusCode.BadRequest => "invalid_subject",
            _ => throw new ShouldAssertException($"registry answered {(int)put.StatusCode} for '{Escape(subject)}'"),
        };

        (await SdkAndSidecarReasonsAsync(subject)).ShouldBe((wanted, wanted), $"SDK and sidecar on '{Escape(subject)}'; the registry answered {(int)put.StatusCode}");
    }

    private async Task<(string? Sdk, string? Sidecar)> SdkAndSidecarReasonsAsync(string subject)
    {
        string sdk = DecisionReasons.ToWire(_sidecar!.Enforcer.Check(subject, Purpose).Reason);
        HttpResponseMessage response = await _sidecar.Client.PostAsJsonAsync("/v1/check", new { subject, purpose = Purpose }, TestContext.Current.CancellationToken);
        response.StatusCode.ShouldBe(HttpStatusCode.OK, $"sidecar on '{Escape(subject)}'");
        JsonElement decision = await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        return (sdk, decision.GetProperty("reason").GetString());
    }

    /// <summary>Through a header when HTTP can carry the value, through the query otherwise (both text sources).</summary>
    private async Task<string?> GateReasonByTextAsync(string value)
    {
        bool ascii = value.All(c => c is >= ' ' and <= '~') && value.Trim() == value;
        var request = new HttpRequestMessage(HttpMethod.Post, ascii ? "/header/block" : "/query/block?uid=" + Uri.EscapeDataString(value)) { Content = new StringContent("{}") };
        if (ascii)
        {
            request.Headers.TryAddWithoutValidation("X-User-Id", value).ShouldBeTrue();
        }

        return await ReasonAsync(await server.Client.SendAsync(request, TestContext.Current.CancellationToken));
    }

    private async Task<string?> GateReasonByJsonAsync(byte[] body)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/json/block") { Content = new ByteArrayContent(body) };
        return await ReasonAsync(await server.Client.SendAsync(request, TestContext.Current.CancellationToken));
    }

    private static BasicProperties Message(Dictionary<string, object?>? headers) => new() { Headers = headers };

    private static async Task<string?> ReasonAsync(HttpResponseMessage response)
    {
        string text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        return response.StatusCode == HttpStatusCode.OK ? "allowed"
            : JsonDocument.Parse(text).RootElement.TryGetProperty("reason", out JsonElement reason) ? reason.GetString() : text;
    }

    private static string Escape(string value) => string.Concat(value.Select(c => c is >= ' ' and <= '~' ? c.ToString() : $"\\u{(int)c:X4}"));
}
