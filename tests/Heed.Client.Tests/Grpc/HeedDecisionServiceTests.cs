using System.Text;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Net.Client;
using Heed.Checks;
using Heed.Checks.Grpc;
using Heed.Client.Enforcement;
using Heed.Client.Tests.Infrastructure;
using Heed.Core.Decisions;
using Heed.Protocol.V1;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;

namespace Heed.Client.Tests.Grpc;

/// <summary>CheckStream over real Kestrel (HTTP/2) and a real gRPC client.</summary>
public sealed class HeedDecisionServiceTests : IAsyncLifetime
{
    private const string Email = "marketing.communications.email";
    private readonly HeedEnforcer _enforcer = TestReplica.Create();
    private TestWebApp _app = null!;
    private GrpcChannel _channel = null!;

    public async ValueTask InitializeAsync()
    {
        TestReplica.OptOut(_enforcer, "user:2", "marketing");
        TestReplica.OptOut(_enforcer, "email:ana@example.com", Email);
        _enforcer.MarkApplied(4);
        _app = await TestWebApp.StartAsync(
            b =>
            {
                b.Services.AddGrpc();
                b.Services.AddSingleton<IDecisionSource>(_enforcer);
            },
            app => app.MapGrpcService<HeedDecisionService>(),
            HttpProtocols.Http2);
        _channel = GrpcChannel.ForAddress(_app.BaseAddress);
    }

    public async ValueTask DisposeAsync()
    {
        _channel.Dispose();
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task CheckStream_MixedBatch_AnswersOneReasonPerCheck()
    {
        // Arrange
        var client = new Decisions.DecisionsClient(_channel);
        using AsyncDuplexStreamingCall<CheckBatch, DecisionBatch> call = client.CheckStream();
        byte[] invalidUtf8 = [(byte)'u', (byte)':', 0xC3, 0x28, (byte)'\n'];
        byte[] subjects = [.. Encoding.UTF8.GetBytes("user:1\nuser:2\nemail: ANA@example.com\nnokind\nuser:1\n"), .. invalidUtf8];
        var batch = new CheckBatch
        {
            Id = 7,
            Subjects = ByteString.CopyFrom(subjects),
            PurposeIndex = ByteString.CopyFrom(0, 0, 0, 0, 1, 0),
        };
        batch.Purposes.Add(Email);
        batch.Purposes.Add("no.such");

        // Act
        await call.RequestStream.WriteAsync(batch);
        await call.RequestStream.CompleteAsync();
        (await call.ResponseStream.MoveNext()).ShouldBeTrue();
        DecisionBatch answer = call.ResponseStream.Current;

        // Assert
        answer.Id.ShouldBe(7UL);
        answer.Lsn.ShouldBe(4);
        answer.Reasons.ToByteArray().Select(b => (DecisionReason)b).ShouldBe(
        [
            DecisionReason.Allowed,
            DecisionReason.OptedOut,
            DecisionReason.OptedOut,
            DecisionReason.InvalidSubject,
            DecisionReason.UnknownPurpose,
            DecisionReason.InvalidSubject,
        ]);
    }

    [Fact]
    public async Task CheckStream_ManyBatches_AnswersEachInOrder()
    {
        // Arrange
        var client = new Decisions.DecisionsClient(_channel);
        using AsyncDuplexStreamingCall<CheckBatch, DecisionBatch> call = client.CheckStream();

        // Act
        for (ulong id = 1; id <= 3; id++)
        {
            var batch = new CheckBatch { Id = id, Subjects = ByteString.CopyFromUtf8("user:2\n"), PurposeIndex = ByteString.CopyFrom(0) };
            batch.Purposes.Add(Email);
            await call.RequestStream.WriteAsync(batch);
        }

        await call.RequestStream.CompleteAsync();
        var ids = new List<ulong>();
        while (await call.ResponseStream.MoveNext())
        {
            ids.Add(call.ResponseStream.Current.Id);
        }

        // Assert
        ids.ShouldBe([1UL, 2UL, 3UL]);
    }

    [Fact]
    public async Task CheckStream_IndexCountMismatch_FailsInvalidArgument()
    {
        // Arrange
        var client = new Decisions.DecisionsClient(_channel);
        using AsyncDuplexStreamingCall<CheckBatch, DecisionBatch> call = client.CheckStream();
        var batch = new CheckBatch { Id = 1, Subjects = ByteString.CopyFromUtf8("user:1\nuser:2\n"), PurposeIndex = ByteString.CopyFrom(0) };
        batch.Purposes.Add(Email);

        // Act
        await call.RequestStream.WriteAsync(batch);
        RpcException ex = await Should.ThrowAsync<RpcException>(() => call.ResponseStream.MoveNext());

        // Assert
        ex.StatusCode.ShouldBe(StatusCode.InvalidArgument);
        ex.Status.Detail.ShouldContain("2 subjects but 1 purpose indexes");
    }

    [Fact]
    public void Answer_NoLease_AllUnconfirmedButInvalidInputStillNamed()
    {
        // Arrange
        var service = TestReplica.Create(leased: false).Replica;
        var batch = new CheckBatch { Subjects = ByteString.CopyFromUtf8("user:1\nbad\n"), PurposeIndex = ByteString.CopyFrom(0, 0) };
        batch.Purposes.Add(Email);

        // Act
        DecisionBatch answer = HeedDecisionService.Answer(service, batch);

        // Assert
        answer.Reasons.ToByteArray().ShouldBe([(byte)DecisionReason.Unconfirmed, (byte)DecisionReason.InvalidSubject]);
    }

    [Fact]
    public void Answer_OverriddenOptOut_ReasonOverrideAndIdByIndex()
    {
        // Arrange: user:2 opted out of marketing; the override covers the communications branch only.
        TestReplica.Override(_enforcer, "ovr_0123456789abcdef", "marketing.communications");
        var batch = new CheckBatch { Subjects = ByteString.CopyFromUtf8("user:1\nuser:2\nuser:2\n"), PurposeIndex = ByteString.CopyFrom(0, 0, 1) };
        batch.Purposes.Add(Email);
        batch.Purposes.Add("marketing.advertising.profiling");

        // Act
        DecisionBatch answer = HeedDecisionService.Answer(_enforcer.Replica, batch);

        // Assert
        answer.Reasons.ToByteArray().ShouldBe([(byte)DecisionReason.Allowed, (byte)DecisionReason.Override, (byte)DecisionReason.OptedOut]);
        answer.OverrideIds.ShouldBe(new Dictionary<uint, string> { [1] = "ovr_0123456789abcdef" });
    }
}
