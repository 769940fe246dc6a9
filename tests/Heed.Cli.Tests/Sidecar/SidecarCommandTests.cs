using System.Net;
using System.Reflection;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Net.Client;
using Heed.Core.Decisions;
using Heed.Protocol;
using Heed.Protocol.V1;
using Heed.Registry.Hosting;
using Heed.Testing.Cli;
using Heed.Testing.Http;
using Heed.Testing.Network;
using Heed.Testing.Processes;
using Heed.Testing.Temp;

namespace Heed.Cli.Tests.Sidecar;

/// <summary><c>heed sidecar</c> as a real child process, replicating from a real registry.</summary>
public sealed class SidecarCommandTests
{
    private const string AdminKey = "sidecar-test-admin-key-0123456789abcdef";
    private const string Email = "marketing.communications.email";
    private static readonly TimeSpan Startup = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Sidecar_AfterEnforcedOptOut_DeniesOverHttpAndCheckStream()
    {
        // Arrange
        using TempDirectory data = TempDirectory.Create();
        RegistryHandle registry = await StartRegistryAsync(data.FullPath);
        IReadOnlyList<int> ports = FreePort.Next(2);
        ChildProcess sidecar = ChildProcess.Start(HeedCli.Command(
            "sidecar", "--registry", registry.Endpoints.GrpcUrl, "--key", AdminKey, "--service", "billing",
            "--urls", $"http://127.0.0.1:{ports[0]}", "--grpc-urls", $"http://127.0.0.1:{ports[1]}"));
        var sidecarUrl = new Uri($"http://127.0.0.1:{ports[0]}");
        using var admin = new HttpClient { BaseAddress = new Uri(registry.Endpoints.HttpUrl) };
        admin.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", AdminKey);
        using var client = new HttpClient { BaseAddress = sidecarUrl };

        try
        {
            await WaitFor.HttpOkAsync(new Uri(sidecarUrl, "/readyz"), Startup, sidecar);

            // Act
            HttpResponseMessage write = await admin.PutAsync("/v1/subjects/user:5/optouts/marketing", null);
            JsonElement written = await write.Content.ReadFromJsonAsync<JsonElement>();
            JsonElement check = await (await client.PostAsJsonAsync("/v1/check", new { subject = "user:5", purpose = Email })).Content.ReadFromJsonAsync<JsonElement>();
            await WaitFor.HttpOkAsync(new Uri(sidecarUrl, "/readyz"), Startup, sidecar);
            byte[] reasons = await CheckStreamAsync($"http://127.0.0.1:{ports[1]}", "user:5\nuser:6\n");
            JsonElement points = await admin.GetFromJsonAsync<JsonElement>("/v1/enforcement-points");

            // Assert
            written.GetProperty("enforced").GetBoolean().ShouldBeTrue();
            check.GetProperty("allowed").GetBoolean().ShouldBeFalse();
            check.GetProperty("reason").GetString().ShouldBeOneOf("opted_out", "unconfirmed");
            reasons.ShouldBe([(byte)DecisionReason.OptedOut, (byte)DecisionReason.Allowed]);
            JsonElement point = points.GetProperty("enforcementPoints").EnumerateArray().Single(p => p.GetProperty("kind").GetString() == "sidecar");
            point.GetProperty("protocolVersion").GetUInt32().ShouldBe(ProtocolVersions.Current);
            // The sidecar is another build of the same source: the same version, though the commit after '+' is
            // the one each was built at, which an incremental build need not share.
            string build = typeof(Heed.Client.HeedOptions).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()!.InformationalVersion.Split('+')[0];
            point.GetProperty("softwareVersion").GetString().ShouldStartWith("Heed.Client/" + build);
        }
        finally
        {
            // The sidecar goes first: a registry stops faster with no replica stream open.
            await sidecar.DisposeAsync();
            await registry.App.StopAsync();
            await registry.App.DisposeAsync();
        }
    }

    [Fact]
    public async Task Sidecar_RegistryUnreachable_NotReadyAndChecksUnconfirmed()
    {
        // Arrange: nothing listens on the registry port.
        IReadOnlyList<int> ports = FreePort.Next(3);
        await using ChildProcess sidecar = ChildProcess.Start(HeedCli.Command(
            "sidecar", "--registry", $"http://127.0.0.1:{ports[2]}", "--key", "some-key",
            "--urls", $"http://127.0.0.1:{ports[0]}", "--grpc-urls", $"http://127.0.0.1:{ports[1]}"));
        var sidecarUrl = new Uri($"http://127.0.0.1:{ports[0]}");
        await WaitFor.HttpOkAsync(new Uri(sidecarUrl, "/healthz"), Startup, sidecar);
        using var client = new HttpClient { BaseAddress = sidecarUrl };

        // Act
        HttpResponseMessage ready = await client.GetAsync("/readyz");
        JsonElement check = await (await client.PostAsJsonAsync("/v1/check", new { subject = "user:1", purpose = Email })).Content.ReadFromJsonAsync<JsonElement>();

        // Assert
        ready.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
        check.GetProperty("allowed").GetBoolean().ShouldBeFalse();
        check.GetProperty("reason").GetString().ShouldBe("unconfirmed");
    }

    [Fact]
    public async Task Sidecar_MissingFlagsAndRemoteAddress_ExitsWithEveryError()
    {
        // Arrange
        await using ChildProcess sidecar = ChildProcess.Start(HeedCli.Command("sidecar", "--urls", "http://0.0.0.0:8181"));

        // Act
        int exit = await sidecar.WaitForExitAsync(Startup);

        // Exit can come before the last stderr lines are read: wait for both streams to close.
        await sidecar.WaitForOutputClosedAsync(Startup);
        string output = string.Join('\n', sidecar.Lines.Select(l => l.Text));

        // Assert
        exit.ShouldBe(2);
        output.ShouldContain("--registry is required");
        output.ShouldContain("an enforcer key is required");
        output.ShouldContain("--allow-remote");
    }

    private static async Task<RegistryHandle> StartRegistryAsync(string data)
    {
        RegistryHandle handle = await RegistryApp.CreateAsync(new RegistryOptions
        {
            Data = data,
            Urls = "http://127.0.0.1:0",
            GrpcUrls = "http://127.0.0.1:0",
            AdminKey = AdminKey,
        });
        await handle.App.StartAsync();
        return handle;
    }

    private static async Task<byte[]> CheckStreamAsync(string url, string subjects)
    {
        using GrpcChannel channel = GrpcChannel.ForAddress(url);
        var client = new Decisions.DecisionsClient(channel);
        using AsyncDuplexStreamingCall<CheckBatch, DecisionBatch> call = client.CheckStream();
        var batch = new CheckBatch { Id = 1, Subjects = ByteString.CopyFromUtf8(subjects), PurposeIndex = ByteString.CopyFrom(0, 0) };
        batch.Purposes.Add(Email);
        await call.RequestStream.WriteAsync(batch);
        await call.RequestStream.CompleteAsync();
        (await call.ResponseStream.MoveNext()).ShouldBeTrue();
        return call.ResponseStream.Current.Reasons.ToByteArray();
    }
}
