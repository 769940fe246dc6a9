using System.Net.Http.Json;
using System.Text.Json;
using Heed.Client;
using Heed.Core.Decisions;

namespace Heed.System.Tests.Replication;

/// <summary>Something that answers checks: a sidecar over HTTP or an in-process SDK replica.</summary>
internal interface IReplicaProbe
{
    string Name { get; }

    Task<string> CheckAsync(string subject, string purpose, CancellationToken cancellationToken);
}

internal sealed class SidecarProbe(string name, Uri baseAddress) : IReplicaProbe, IDisposable
{
    private readonly HttpClient _client = new() { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };

    public string Name => name;

    public async Task<string> CheckAsync(string subject, string purpose, CancellationToken cancellationToken)
    {
        using HttpResponseMessage response = await _client.PostAsJsonAsync("/v1/check", new { subject, purpose }, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            // A live sidecar that answers an error is a finding, not a dead sidecar: the caller records it.
            return $"http {(int)response.StatusCode}";
        }

        JsonElement body = await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
        return body.GetProperty("reason").GetString()!;
    }

    public async Task<bool> IsReadyAsync(CancellationToken cancellationToken)
    {
        try
        {
            using HttpResponseMessage response = await _client.GetAsync("/readyz", cancellationToken);
            return response.IsSuccessStatusCode;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }

    public void Dispose() => _client.Dispose();
}

internal sealed class SdkProbe(string name, IHeedEnforcer enforcer) : IReplicaProbe
{
    public string Name => name;

    public IHeedEnforcer Enforcer => enforcer;

    public Task<string> CheckAsync(string subject, string purpose, CancellationToken cancellationToken) =>
        Task.FromResult(DecisionReasons.ToWire(enforcer.Check(subject, purpose).Reason));
}
