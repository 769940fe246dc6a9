using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Heed.Adoption.Tests.Infrastructure;
using Heed.Testing.Cli;
using Heed.Testing.Polling;
using Heed.Testing.Repository;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Heed.Adoption.Tests.Samples;

/// <summary>samples/Heed.Samples.WebApp, built in the solution, against a real <c>heed serve</c>.</summary>
public sealed class WebAppSampleTests
{
    private static string Dll => BuildOutput.Locate(Path.Combine("samples", "Heed.Samples.WebApp"), "Heed.Samples.WebApp.dll");

    [Fact]
    public async Task Newsletter_AfterTheOptOut_DeniedWithProblemJson()
    {
        await using Registry registry = await Registry.StartAsync(HeedCli.Command());
        await using SampleWebApp web = await SampleWebApp.StartAsync(Dll, registry.GrpcUrl, await registry.CreateKeyAsync("enforcer"));

        using HttpResponseMessage before = await web.SendNewsletterAsync("1");
        long lsn = await registry.OptOutAsync("user:1", "marketing");
        using HttpResponseMessage withToken = await web.SendNewsletterAsync("1", lsn);
        using HttpResponseMessage other = await web.SendNewsletterAsync("2");

        before.StatusCode.ShouldBe(HttpStatusCode.OK);
        withToken.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await SampleWebApp.ReasonAsync(withToken)).ShouldBe("opted_out");
        other.StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Check_WithTheWritesConsistencyToken_SeesTheOptOut()
    {
        await using Registry registry = await Registry.StartAsync(HeedCli.Command());
        await using SampleWebApp web = await SampleWebApp.StartAsync(Dll, registry.GrpcUrl, await registry.CreateKeyAsync("enforcer"));

        long lsn = await registry.OptOutAsync("user:3", "marketing.communications");
        JsonElement decision = await web.Client.GetFromJsonAsync<JsonElement>($"/users/3/may-email?token={lsn}");

        decision.GetProperty("allowed").GetBoolean().ShouldBeFalse();
        decision.GetProperty("reason").GetString().ShouldBe("opted_out");
        decision.GetProperty("lsn").GetInt64().ShouldBeGreaterThanOrEqualTo(lsn);
    }

    [Fact]
    public async Task Share_AfterTheOptOutOfSale_451AndThePartnerIsNeverCalled()
    {
        await using WebApplication partner = await StartPartnerAsync();
        PartnerCalls calls = partner.Services.GetRequiredService<PartnerCalls>();
        await using Registry registry = await Registry.StartAsync(HeedCli.Command());
        await using SampleWebApp web = await SampleWebApp.StartAsync(Dll, registry.GrpcUrl, await registry.CreateKeyAsync("enforcer"), PartnerUrl(partner));

        using HttpResponseMessage allowed = await web.Client.PostAsync("/users/4/share", null);
        int callsWhileAllowed = calls.Count;
        await registry.OptOutAsync("user:4", "third_party_sharing");
        using HttpResponseMessage blocked = await web.Client.PostAsync("/users/4/share", null);

        allowed.StatusCode.ShouldBe(HttpStatusCode.Accepted);
        callsWhileAllowed.ShouldBe(1);
        blocked.StatusCode.ShouldBe(HttpStatusCode.UnavailableForLegalReasons);
        calls.Count.ShouldBe(1, "the blocked call reached the partner");
    }

    [Fact]
    public async Task RegistryKilled_NewsletterFailsClosedAndReadyzSaysSo()
    {
        await using Registry registry = await Registry.StartAsync(HeedCli.Command());
        await using SampleWebApp web = await SampleWebApp.StartAsync(Dll, registry.GrpcUrl, await registry.CreateKeyAsync("enforcer"));
        using HttpResponseMessage before = await web.SendNewsletterAsync("5");

        registry.Kill();

        // The lease runs out on the app's own clock; wait for that, not for a fixed time.
        await Poll.UntilAsync(async _ => !await web.IsReadyAsync(), SampleWebApp.Timeout, "/readyz turning 503 after the registry was killed");
        using HttpResponseMessage after = await web.SendNewsletterAsync("5");
        before.StatusCode.ShouldBe(HttpStatusCode.OK);
        after.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await SampleWebApp.ReasonAsync(after)).ShouldBe("unconfirmed");
    }

    private static async Task<WebApplication> StartPartnerAsync()
    {
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Services.AddSingleton<PartnerCalls>();
        WebApplication partner = builder.Build();
        partner.MapPost("/audiences", (PartnerCalls calls) =>
        {
            calls.Record();
            return Results.Accepted();
        });
        await partner.StartAsync();
        return partner;
    }

    private static Uri PartnerUrl(WebApplication partner) =>
        new(partner.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());

    private sealed class PartnerCalls
    {
        private int _count;

        public int Count => Volatile.Read(ref _count);

        public void Record() => Interlocked.Increment(ref _count);
    }
}
