using System.Net;
using Heed.Registry.Tests.Infrastructure;

namespace Heed.Registry.Tests.Api;

/// <summary>The registry's problem+json is plain UTF-8: an apostrophe is <c>'</c>, never <c>\u0027</c>.</summary>
public sealed class ProblemEncodingTests(RegistryFixture fixture) : IClassFixture<RegistryFixture>
{
    [Fact]
    public async Task InvalidSubject_ProblemDetail_PlainApostrophes()
    {
        HttpClient writer = await fixture.Server.ClientAsync("writer");

        HttpResponseMessage response = await writer.PutAsync("/v1/subjects/no-colon/optouts/marketing", null);
        string body = await response.Content.ReadAsStringAsync();

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest, body);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        body.ShouldContain("'kind:value'");
        body.ShouldNotContain("\\u");
    }
}
