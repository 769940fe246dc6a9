using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Heed.Testing.Http;
using Heed.Testing.Network;
using Heed.Testing.Processes;

namespace Heed.Adoption.Tests.Infrastructure;

/// <summary>
/// samples/Heed.Samples.WebApp (or a copy of it built from the packages) as a child process, replicating
/// from <see cref="Registry"/>, with a client for the calls the tests make.
/// </summary>
public sealed class SampleWebApp : IAsyncDisposable
{
    public static readonly TimeSpan Timeout = TimeSpan.FromMinutes(1);

    private SampleWebApp(ChildProcess process, Uri url)
    {
        Process = process;
        Client = new HttpClient { BaseAddress = url, Timeout = Timeout };
    }

    public ChildProcess Process { get; }

    public HttpClient Client { get; }

    /// <summary>Starts <c>dotnet <paramref name="dll"/></c> and waits until /readyz says it holds a lease.</summary>
    public static async Task<SampleWebApp> StartAsync(string dll, Uri registryGrpc, string enforcerKey, Uri? partner = null)
    {
        var url = new Uri($"http://127.0.0.1:{FreePort.Next()}");
        ChildProcess process = ChildProcess.Start(new ChildProcessOptions(DotnetHost.Path)
        {
            Arguments =
            [
                dll, "--urls", url.ToString(), "--Heed:RegistryUrl=" + registryGrpc, "--Heed:Key=" + enforcerKey,
                "--Partner:Url=" + (partner?.ToString() ?? "http://127.0.0.1:9"),
            ],
            WorkingDirectory = Path.GetDirectoryName(dll),
            Name = Path.GetFileNameWithoutExtension(dll),
        });
        try
        {
            await WaitFor.HttpOkAsync(new Uri(url, "/readyz"), Timeout, process);
            return new SampleWebApp(process, url);
        }
        catch
        {
            await process.DisposeAsync();
            throw;
        }
    }

    /// <summary>POST /users/{id}/newsletter: the endpoint behind RequireNotOptedOut.</summary>
    public Task<HttpResponseMessage> SendNewsletterAsync(string userId, long? consistencyToken = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/users/{userId}/newsletter");
        if (consistencyToken is long token)
        {
            request.Headers.Add("Heed-Consistency-Token", token.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        return Client.SendAsync(request);
    }

    /// <summary>The <c>reason</c> of a problem+json denial.</summary>
    public static async Task<string?> ReasonAsync(HttpResponseMessage response)
    {
        ArgumentNullException.ThrowIfNull(response);
        response.Content.Headers.ContentType?.MediaType.ShouldBe("application/problem+json");
        JsonElement problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        return problem.GetProperty("reason").GetString();
    }

    /// <summary>Whether /readyz answers 200.</summary>
    public async Task<bool> IsReadyAsync()
    {
        using HttpResponseMessage response = await Client.GetAsync("/readyz");
        return response.StatusCode == HttpStatusCode.OK;
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Process.DisposeAsync();
    }
}
