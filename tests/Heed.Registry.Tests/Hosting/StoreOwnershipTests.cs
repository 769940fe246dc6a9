using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Heed.Registry.Hosting;
using Heed.Registry.Tests.Infrastructure;
using Heed.Storage.DataDirectory;
using Microsoft.Extensions.DependencyInjection;

namespace Heed.Registry.Tests.Hosting;

public sealed class StoreOwnershipTests
{
    [Fact]
    public async Task CreateAsync_DataDirectoryOfARunningRegistry_RefusesNamingItsProcess()
    {
        await using RegistryServer first = await RegistryServer.StartAsync();

        DataDirectoryInUseException error = await Should.ThrowAsync<DataDirectoryInUseException>(() => RegistryApp.CreateAsync(new RegistryOptions
        {
            Data = first.DataDirectory,
            Urls = "http://127.0.0.1:0",
            GrpcUrls = "http://127.0.0.1:0",
        }));

        error.HolderPid.ShouldBe(Environment.ProcessId);
        (await first.Anonymous.GetAsync("/readyz")).StatusCode.ShouldBe(HttpStatusCode.OK, "the refused second registry must not disturb the first");
    }

    [Fact]
    public async Task LockFileRemoved_WritesRefusedChecksUnconfirmedAndReadyzSaysWhy()
    {
        await using RegistryServer server = await RegistryServer.StartAsync();
        HttpClient admin = await server.ClientAsync("admin");
        (await admin.PutAsync("/v1/subjects/user:1/optouts/marketing", null)).EnsureSuccessStatusCode();
        JsonElement before = await admin.CheckAsync("user:1", "marketing");

        File.Delete(Path.Combine(server.DataDirectory, DataDirectoryLock.LockFileName));
        server.Handle.App.Services.GetRequiredService<StoreOwnership>().Check();
        HttpResponseMessage ready = await server.Anonymous.GetAsync("/readyz");
        HttpResponseMessage write = await admin.PutAsync("/v1/subjects/user:2/optouts/marketing", null);
        JsonElement after = await admin.CheckAsync("user:2", "analytics");
        string metrics = await server.Anonymous.GetStringAsync("/metrics");

        before.GetProperty("reason").GetString().ShouldBe("opted_out");
        ready.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
        ready.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        (await ready.ReadAsync()).GetProperty("detail").GetString().ShouldNotBeNull().ShouldContain("heed.lock was removed");
        write.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
        (await write.ReadAsync()).GetProperty("detail").GetString().ShouldNotBeNull().ShouldContain("no longer holds the lock");
        after.GetProperty("allowed").GetBoolean().ShouldBeFalse("another registry may be writing the store now");
        after.GetProperty("reason").GetString().ShouldBe("unconfirmed");
        metrics.ShouldMatch(@"heed_writes_refused(\{[^}]*\})? 1\b");
    }

    [Fact]
    public async Task StopAsync_ReleasesTheDataDirectory_ForTheNextRegistry()
    {
        string data;
        await using (RegistryServer first = await RegistryServer.StartAsync())
        {
            first.DeleteDataOnDispose = false;
            data = first.DataDirectory;
        }

        await using RegistryServer second = await RegistryServer.StartAsync(data);

        (await second.Anonymous.GetAsync("/readyz")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }
}
