using System.Net;
using System.Text;
using Heed.Gate.Tests.Infrastructure;
using Heed.Testing.Fuzzing;

namespace Heed.Gate.Tests.Enforcement;

/// <summary>
/// Structure-aware hostile bodies through a route that reads its subject from JSON: wrong types, missing
/// fields, hostile strings, duplicate keys and deep nesting. The subject has opted out, so the upstream
/// must never receive a body that still names it, whatever the gate made of the fault (a duplicate key
/// the gate and the upstream read differently is the attack this looks for).
/// </summary>
public sealed class HostileBodyTests(GateServer server) : IClassFixture<GateServer>
{
    [Theory]
    [InlineData("/json/block")]
    [InlineData("/json/drop")]
    public async Task JsonSubjectRoute_MutatedBodies_ProblemOn4xxAndNeverForwardsTheOptedOutSubject(string path)
    {
        // Arrange
        string id = Guid.NewGuid().ToString("N");
        await server.Registry.OptOutAsync("user:" + id, "personalize.content");
        string valid = $$"""{"user":{"id":"{{id}}","email":"{{id}}@example.com"},"event":"view"}""";
        string needle = $"\"id\":\"{id}\"";
        var findings = new List<string>();

        // Act
        foreach (string body in new JsonMutator(20261201, id).Mutate(valid, 80))
        {
            string trace = Guid.NewGuid().ToString("N");
            using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
            request.Headers.Add(Upstream.TraceHeader, trace);
            HttpResponseMessage response = await server.Client.SendAsync(request, TestContext.Current.CancellationToken);
            int status = (int)response.StatusCode;
            string? media = response.Content.Headers.ContentType?.MediaType;
            if (status >= 500)
            {
                findings.Add($"{status} for {Shorten(body)}");
            }
            else if (status >= 400 && media != "application/problem+json")
            {
                findings.Add($"{status} without problem+json ({media ?? "no Content-Type"}) for {Shorten(body)}");
            }

            if (server.Upstream.Requests.TryGetValue(trace, out Upstream.Received? received) && received.Body.Contains(needle, StringComparison.Ordinal))
            {
                findings.Add($"forwarded the opted-out subject ({status}) for {Shorten(body)}");
            }
        }

        // Assert
        findings.ShouldBeEmpty(string.Join("\n", findings.Take(10)));
    }

    private static string Shorten(string text) => text.Length <= 200 ? text : text[..200] + "…";
}
