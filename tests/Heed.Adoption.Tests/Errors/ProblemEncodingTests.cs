using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using Heed.Adoption.Tests.Infrastructure;
using Heed.Testing.Cli;
using Heed.Testing.Http;
using Heed.Testing.Processes;
using Heed.Testing.Repository;

namespace Heed.Adoption.Tests.Errors;

/// <summary>problem+json bodies are plain UTF-8: an apostrophe is <c>'</c>, never <c>\u0027</c>, in the
/// registry, the SDK and the gate.</summary>
public sealed partial class ProblemEncodingTests
{
    private const string EscapedApostrophe = "\\u0027";

    [Fact]
    public async Task Registry_InvalidSubject_DetailWithPlainApostrophes()
    {
        await using Registry registry = await Registry.StartAsync(HeedCli.Command());
        using var http = new HttpClient { BaseAddress = registry.HttpUrl };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", registry.AdminKey);

        using HttpResponseMessage response = await http.PutAsync("/v1/subjects/no-colon/optouts/marketing", null);
        string body = await response.Content.ReadAsStringAsync();

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest, body);
        body.ShouldContain("'kind:value'");
        body.ShouldNotContain(EscapedApostrophe);
    }

    [Fact]
    public async Task Sdk_EndpointFilterDenial_DetailWithPlainApostrophes()
    {
        await using Registry registry = await Registry.StartAsync(HeedCli.Command());
        string dll = BuildOutput.Locate(Path.Combine("samples", "Heed.Samples.WebApp"), "Heed.Samples.WebApp.dll");
        await using SampleWebApp web = await SampleWebApp.StartAsync(dll, registry.GrpcUrl, await registry.CreateKeyAsync("enforcer"));
        long lsn = await registry.OptOutAsync("user:60", "marketing");

        using HttpResponseMessage response = await web.SendNewsletterAsync("60", lsn);
        string body = await response.Content.ReadAsStringAsync();

        response.StatusCode.ShouldBe(HttpStatusCode.Forbidden, body);
        body.ShouldContain("'marketing'");
        body.ShouldNotContain(EscapedApostrophe);
    }

    [Fact]
    public async Task Gate_OptedOutDenial_DetailWithPlainApostrophes()
    {
        await using Registry registry = await Registry.StartAsync(HeedCli.Command());
        await using ChildProcess gate = ChildProcess.Start(HeedCli.Command(
            "gate", "--config", Path.Combine(BuildOutput.RepositoryRoot, "samples", "gate", "gate.json"),
            "--registry", registry.GrpcUrl.ToString(), "--registry-http", registry.HttpUrl.ToString(),
            "--key", await registry.CreateKeyAsync("enforcer"), "--writer-key", await registry.CreateKeyAsync("writer"),
            "--urls", "http://127.0.0.1:0"));
        string line = await gate.WaitForLineAsync(l => ListeningLine().IsMatch(l), SampleWebApp.Timeout);
        var url = new Uri(ListeningLine().Match(line).Groups[1].Value);
        await WaitFor.HttpOkAsync(new Uri(url, "/readyz"), SampleWebApp.Timeout, gate);
        using var http = new HttpClient { BaseAddress = url };

        // Acknowledged only once the gate's replica applied it, so the next request is denied.
        await registry.OptOutAsync("user:61", "marketing");
        using HttpResponseMessage response = await http.PostAsync("/users/61/newsletter", null);
        string body = await response.Content.ReadAsStringAsync();

        response.StatusCode.ShouldBe(HttpStatusCode.Forbidden, body);
        body.ShouldContain("'marketing'");
        body.ShouldNotContain(EscapedApostrophe);
    }

    [GeneratedRegex(@"listening on (http://\S+)")]
    private static partial Regex ListeningLine();
}
