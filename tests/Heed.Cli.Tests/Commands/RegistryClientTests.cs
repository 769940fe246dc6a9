using System.Net;
using System.Net.Sockets;
using System.Text;
using Heed.Cli.Commands;
using Heed.Registry.Api;
using Heed.Registry.Api.Contracts;

namespace Heed.Cli.Tests.Commands;

public sealed class RegistryClientTests
{
    private static readonly Uri Registry = new("http://127.0.0.1:8080/");

    [Fact]
    public async Task Send_ProblemAnswer_ExitOneWithTitleDetailAndFieldErrors()
    {
        using var client = Client(_ => Answer(HttpStatusCode.BadRequest, "application/problem+json",
            """{"type":"https://heed.dev/problems/invalid-request","title":"The request is invalid","status":400,"detail":"the opt-out is invalid","errors":{"subject":["a subject is 'kind:value'; the ':' is missing"],"purpose":["unknown purpose 'x'"]}}"""));

        RegistryException error = await Should.ThrowAsync<RegistryException>(() => client.GetAsync("v1/subjects/x", RegistryJsonContext.Default.SubjectResponse, CancellationToken.None));

        error.ExitCode.ShouldBe(ExitCodes.Problem);
        error.StatusCode.ShouldBe(400);
        error.Message.ShouldBe(
            "heed: the registry answered 400 The request is invalid: the opt-out is invalid\n" +
            "  purpose: unknown purpose 'x'\n" +
            "  subject: a subject is 'kind:value'; the ':' is missing");
    }

    [Fact]
    public async Task Send_PlainErrorWithoutProblemBody_ExitOneWithStatus()
    {
        using var client = Client(_ => Answer(HttpStatusCode.NotFound, "text/plain", "nope"));

        RegistryException error = await Should.ThrowAsync<RegistryException>(() => client.SendAsync(HttpMethod.Delete, "v1/keys/k", CancellationToken.None));

        error.ExitCode.ShouldBe(ExitCodes.Problem);
        error.Message.ShouldBe("heed: the registry answered 404 Not Found");
    }

    [Fact]
    public async Task Send_ConnectionRefused_ExitThreeNamingTheRegistry()
    {
        using var client = Client(_ => throw new HttpRequestException("Connection refused (127.0.0.1:8080)", new SocketException((int)SocketError.ConnectionRefused)));

        RegistryException error = await Should.ThrowAsync<RegistryException>(() => client.GetAsync("v1/purposes", RegistryJsonContext.Default.PurposesResponse, CancellationToken.None));

        error.ExitCode.ShouldBe(ExitCodes.Unreachable);
        error.StatusCode.ShouldBeNull();
        error.Message.ShouldContain("cannot reach the registry at http://127.0.0.1:8080/");
    }

    [Fact]
    public async Task Send_SuccessWithMalformedJson_ExitOneSayingSo()
    {
        using var client = Client(_ => Answer(HttpStatusCode.OK, "application/json", "{not json"));

        RegistryException error = await Should.ThrowAsync<RegistryException>(() => client.GetAsync("v1/purposes", RegistryJsonContext.Default.PurposesResponse, CancellationToken.None));

        error.ExitCode.ShouldBe(ExitCodes.Problem);
        error.Message.ShouldContain("not the expected JSON");
    }

    [Fact]
    public async Task Send_Request_CarriesBearerKeyAndResolvesUnderThePathPrefix()
    {
        HttpRequestMessage? seen = null;
        using var client = new RegistryClient(new Uri("http://127.0.0.1:8080/heed"), "heed_secret", new StubHandler(request =>
        {
            seen = request;
            return Answer(HttpStatusCode.OK, "application/json", """{"purposes":[]}""");
        }));

        PurposesResponse purposes = await client.GetAsync("v1/purposes", RegistryJsonContext.Default.PurposesResponse, CancellationToken.None);

        purposes.Purposes.ShouldBeEmpty();
        seen!.RequestUri.ShouldBe(new Uri("http://127.0.0.1:8080/heed/v1/purposes"));
        seen.Headers.Authorization!.ToString().ShouldBe("Bearer heed_secret");
    }

    private static RegistryClient Client(Func<HttpRequestMessage, HttpResponseMessage> answer) => new(Registry, "key", new StubHandler(answer));

    private static HttpResponseMessage Answer(HttpStatusCode status, string mediaType, string body) =>
        new(status) { Content = new StringContent(body, Encoding.UTF8, mediaType) };

    private sealed class StubHandler(Func<HttpRequestMessage, HttpResponseMessage> answer) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Task.FromResult(answer(request));
    }
}
