using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Net.Client;
using Heed.Protocol.V1;
using Heed.Registry.Tests.Infrastructure;

namespace Heed.Registry.Tests.Replication;

/// <summary>Revoking a key ends every stream opened with it, not only the requests that come after.</summary>
public sealed class RevocationTests
{
    [Fact]
    public async Task Sync_KeyRevokedWhileStreaming_StreamEndsUnauthenticatedNamingTheKey()
    {
        // Arrange
        await using RegistryServer server = await RegistryServer.StartAsync();
        HttpClient admin = await server.ClientAsync("admin");
        (string id, string key) = await CreateKeyAsync(admin);
        await using var replica = RawReplica.Connect(server.Handle.Endpoints.GrpcUrl, key);
        await replica.SendAsync(RawReplica.Hello(0));
        await replica.RequestLeaseAsync(1, 0);
        await replica.NextAsync(RegistryMessage.BodyOneofCase.LeaseGrant);

        // Act
        (await admin.DeleteAsync($"/v1/keys/{id}")).EnsureSuccessStatusCode();
        RpcException ended = await Should.ThrowAsync<RpcException>(async () =>
        {
            while (true)
            {
                await replica.NextAsync();
            }
        });

        // Assert
        ended.StatusCode.ShouldBe(StatusCode.Unauthenticated);
        ended.Status.Detail.ShouldContain(id);
    }

    [Fact]
    public async Task CheckStream_KeyRevokedWhileOpen_StreamEndsUnauthenticated()
    {
        // Arrange
        await using RegistryServer server = await RegistryServer.StartAsync();
        HttpClient admin = await server.ClientAsync("admin");
        (string id, string key) = await CreateKeyAsync(admin);
        using GrpcChannel channel = GrpcChannel.ForAddress(server.Handle.Endpoints.GrpcUrl);
        var client = new Decisions.DecisionsClient(channel);
        using AsyncDuplexStreamingCall<CheckBatch, DecisionBatch> call = client.CheckStream(new Metadata { { "authorization", "Bearer " + key } });
        var batch = new CheckBatch { Id = 1, Subjects = ByteString.CopyFrom("user:revoked-1\n", Encoding.UTF8), PurposeIndex = ByteString.CopyFrom(0) };
        batch.Purposes.Add("analytics.reporting");
        await call.RequestStream.WriteAsync(batch);
        (await call.ResponseStream.MoveNext(CancellationToken.None)).ShouldBeTrue();

        // Act: the stream stays open (no CompleteAsync); only the revoke can end it.
        (await admin.DeleteAsync($"/v1/keys/{id}")).EnsureSuccessStatusCode();
        RpcException ended = await Should.ThrowAsync<RpcException>(() => call.ResponseStream.MoveNext(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30)));

        // Assert
        ended.StatusCode.ShouldBe(StatusCode.Unauthenticated);
        ended.Status.Detail.ShouldContain(id);
    }

    private static async Task<(string Id, string Key)> CreateKeyAsync(HttpClient admin)
    {
        HttpResponseMessage response = await admin.PostAsJsonAsync("/v1/keys", new { role = "enforcer", name = "revoked-stream" });
        response.EnsureSuccessStatusCode();
        JsonElement body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return (body.GetProperty("id").GetString()!, body.GetProperty("key").GetString()!);
    }
}
