using System.Net.Http.Json;
using System.Text.Json;
using Heed.Registry.Monitoring.Violations;
using Heed.Registry.Tests.Infrastructure;
using Heed.Storage.Monitoring;
using Microsoft.Extensions.DependencyInjection;

namespace Heed.Registry.Tests.Monitoring;

/// <summary>The calls violation tests make against a real registry.</summary>
internal static class ViolationCalls
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    /// <summary>Opts <paramref name="subject"/> out of <paramref name="purpose"/>; the answer must be enforced.</summary>
    public static async Task<JsonElement> OptOutAsync(this RegistryServer server, string subject, string purpose)
    {
        using HttpClient writer = await server.ClientAsync("writer");
        HttpResponseMessage response = await writer.PutAsync($"/v1/subjects/{subject}/optouts/{purpose}", null);
        response.EnsureSuccessStatusCode();
        JsonElement body = await response.ReadAsync();
        body.GetProperty("enforced").GetBoolean().ShouldBeTrue();
        return body;
    }

    public static async Task<JsonElement> ClearAsync(this RegistryServer server, string subject, string purpose)
    {
        using HttpClient writer = await server.ClientAsync("writer");
        HttpResponseMessage response = await writer.DeleteAsync($"/v1/subjects/{subject}/optouts/{purpose}");
        response.EnsureSuccessStatusCode();
        return await response.ReadAsync();
    }

    public static async Task<JsonElement> CheckAsync(this RegistryServer server, string subject, string purpose)
    {
        using HttpClient enforcer = await server.ClientAsync("enforcer");
        return await enforcer.CheckAsync(subject, purpose);
    }

    /// <summary>Reports one receipt as an enforcer (the SDK's way) and waits until detection has judged it.</summary>
    public static async Task ReportAsync(this RegistryServer server, object receipt)
    {
        using HttpClient enforcer = await server.ClientAsync("enforcer");
        HttpResponseMessage response = await enforcer.PostAsJsonAsync("/v1/receipts", new { receipts = new[] { receipt } });
        response.EnsureSuccessStatusCode();
        await server.WaitJudgedAsync();
    }

    /// <summary>Waits until detection has judged every receipt stored so far.</summary>
    public static async Task WaitJudgedAsync(this RegistryServer server)
    {
        long last = server.Handle.App.Services.GetRequiredService<ReceiptStore>().LastSeq;
        bool judged = await server.Handle.App.Services.GetRequiredService<ViolationDetector>().WaitJudgedAsync(last, Patience);
        judged.ShouldBeTrue($"receipt {last} was not judged within {Patience}");
    }

    public static object Receipt(string subject, string purpose, string service, DateTimeOffset processedAt, string? decisionId = null, long? lsn = null) => new
    {
        id = Guid.CreateVersion7().ToString("N"),
        subject,
        purpose,
        service,
        eventId = "evt-" + Guid.NewGuid().ToString("N"),
        processedAt,
        decisionId,
        lsn,
    };

    /// <summary>The violations of <paramref name="subject"/>, newest first, read as an auditor.</summary>
    public static async Task<JsonElement[]> ViolationsOfAsync(this RegistryServer server, string subject, string? kind = null)
    {
        using HttpClient auditor = await server.ClientAsync("auditor");
        string query = $"/v1/violations?subject={Uri.EscapeDataString(subject)}" + (kind is null ? string.Empty : "&kind=" + kind);
        HttpResponseMessage response = await auditor.GetAsync(query);
        response.EnsureSuccessStatusCode();
        return [.. (await response.ReadAsync()).GetProperty("items").EnumerateArray()];
    }
}
