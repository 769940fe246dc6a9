using System.Net;
using Heed.Registry.Tests.Infrastructure;

namespace Heed.Registry.Tests.Hosting;

/// <summary>The replication (gRPC) port serves gRPC only: the HTTP API, admin included, is not on it.</summary>
public sealed class OneJobPerListenerTests(RegistryFixture fixture) : IClassFixture<RegistryFixture>
{
    [Theory]
    [InlineData("/v1/keys")]
    [InlineData("/v1/optouts/export")]
    [InlineData("/healthz")]
    [InlineData("/metrics")]
    public async Task ReplicationPort_HttpApiOverHttp2_NotFound(string path)
    {
        // Arrange: HTTP/2 with prior knowledge, as `curl --http2-prior-knowledge` sends, with a valid admin key.
        using var client = new HttpClient
        {
            BaseAddress = new Uri(fixture.Server.Handle.Endpoints.GrpcUrl),
            DefaultRequestVersion = HttpVersion.Version20,
            DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
        client.DefaultRequestHeaders.Authorization = new("Bearer", fixture.Server.AdminKey);

        // Act
        HttpResponseMessage response = await client.GetAsync(path);

        // Assert
        response.Version.ShouldBe(HttpVersion.Version20);
        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        (await response.Content.ReadAsStringAsync()).ShouldContain("gRPC only");
    }

    [Fact]
    public async Task HttpPort_SameRequest_Served()
    {
        using HttpClient admin = fixture.Server.WithKey(fixture.Server.AdminKey);

        HttpResponseMessage response = await admin.GetAsync("/v1/keys");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
    }
}
