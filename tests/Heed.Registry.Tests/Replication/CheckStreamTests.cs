using System.Text;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Net.Client;
using Heed.Core.Decisions;
using Heed.Protocol.V1;
using Heed.Registry.Tests.Infrastructure;

namespace Heed.Registry.Tests.Replication;

public sealed class CheckStreamTests(RegistryFixture fixture) : IClassFixture<RegistryFixture>
{
    [Fact]
    public async Task CheckStream_WithEnforcerKey_AnswersEveryCheckInOrder()
    {
        HttpClient writer = await fixture.Server.ClientAsync("writer");
        (await writer.PutAsync("/v1/subjects/user:stream-1/optouts/analytics", null)).EnsureSuccessStatusCode();
        using GrpcChannel channel = GrpcChannel.ForAddress(fixture.Server.Handle.Endpoints.GrpcUrl);
        var client = new Decisions.DecisionsClient(channel);
        var headers = new Metadata { { "authorization", "Bearer " + fixture.Server.AdminKey } };
        var batch = new CheckBatch
        {
            Id = 7,
            Subjects = ByteString.CopyFrom("user:stream-1\nuser:stream-2\nnot-a-subject\nuser:stream-1\n", Encoding.UTF8),
            PurposeIndex = ByteString.CopyFrom(0, 0, 0, 1),
        };
        batch.Purposes.Add("analytics.reporting");
        batch.Purposes.Add("essential.security");

        using AsyncDuplexStreamingCall<CheckBatch, DecisionBatch> call = client.CheckStream(headers);
        await call.RequestStream.WriteAsync(batch);
        await call.RequestStream.CompleteAsync();
        (await call.ResponseStream.MoveNext(CancellationToken.None)).ShouldBeTrue();
        DecisionBatch answer = call.ResponseStream.Current;

        answer.Id.ShouldBe(7UL);
        answer.Reasons.ToByteArray().Select(b => (DecisionReason)b).ShouldBe([DecisionReason.OptedOut, DecisionReason.Allowed, DecisionReason.InvalidSubject, DecisionReason.Essential]);
    }

    [Fact]
    public async Task CheckStream_WithoutKey_Unauthenticated()
    {
        using GrpcChannel channel = GrpcChannel.ForAddress(fixture.Server.Handle.Endpoints.GrpcUrl);
        var client = new Decisions.DecisionsClient(channel);

        using AsyncDuplexStreamingCall<CheckBatch, DecisionBatch> call = client.CheckStream();
        RpcException error = await Should.ThrowAsync<RpcException>(async () => await call.ResponseStream.MoveNext(CancellationToken.None));

        error.StatusCode.ShouldBe(StatusCode.Unauthenticated);
    }
}
