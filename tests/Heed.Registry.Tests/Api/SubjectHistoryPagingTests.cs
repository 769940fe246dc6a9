using System.Net;
using System.Text.Json;
using Heed.Registry.Tests.Infrastructure;

namespace Heed.Registry.Tests.Api;

/// <summary><c>GET /v1/subjects/{subject}</c> pages its history by LSN cursor.</summary>
public sealed class SubjectHistoryPagingTests
{
    [Fact]
    public async Task Get_HistoryLongerThanAPage_PagesFollowInLsnOrderWithoutGapsOrRepeats()
    {
        // Arrange: 7 history entries (set and clear, alternating).
        await using RegistryServer server = await RegistryServer.StartAsync();
        HttpClient writer = await server.ClientAsync("writer");
        for (int i = 0; i < 7; i++)
        {
            HttpResponseMessage write = i % 2 == 0
                ? await writer.PutAsync("/v1/subjects/user:paged/optouts/marketing", null)
                : await writer.DeleteAsync("/v1/subjects/user:paged/optouts/marketing");
            write.EnsureSuccessStatusCode();
        }

        // Act
        var lsns = new List<long>();
        var pages = new List<int>();
        string? next = null;
        do
        {
            string query = next is null ? "?limit=3" : $"?limit=3&after={next}";
            JsonElement page = await (await writer.GetAsync("/v1/subjects/user:paged" + query)).ReadAsync();
            JsonElement history = page.GetProperty("history");
            pages.Add(history.GetArrayLength());
            lsns.AddRange(history.EnumerateArray().Select(e => e.GetProperty("lsn").GetInt64()));
            next = page.GetProperty("next").ValueKind == JsonValueKind.Null ? null : page.GetProperty("next").GetString();
        }
        while (next is not null && pages.Count < 10);

        // Assert
        pages.ShouldBe([3, 3, 1]);
        lsns.Count.ShouldBe(7);
        lsns.ShouldBe(lsns.Order().Distinct().ToList());
    }

    [Fact]
    public async Task Get_NoLimit_DefaultPageWithNoNextWhenAllFit()
    {
        // Arrange
        await using RegistryServer server = await RegistryServer.StartAsync();
        HttpClient writer = await server.ClientAsync("writer");
        (await writer.PutAsync("/v1/subjects/user:short/optouts/marketing", null)).EnsureSuccessStatusCode();

        // Act
        JsonElement page = await (await writer.GetAsync("/v1/subjects/user:short")).ReadAsync();

        // Assert
        page.GetProperty("history").GetArrayLength().ShouldBe(1);
        page.GetProperty("next").ValueKind.ShouldBe(JsonValueKind.Null);
    }

    [Theory]
    [InlineData("?after=abc", "after")]
    [InlineData("?after=-1", "after")]
    [InlineData("?limit=0", "limit")]
    [InlineData("?limit=1001", "limit")]
    [InlineData("?limit=ten", "limit")]
    public async Task Get_BadCursorOrLimit_400ProblemNamingIt(string query, string field)
    {
        // Arrange
        await using RegistryServer server = await RegistryServer.StartAsync();
        HttpClient writer = await server.ClientAsync("writer");

        // Act
        HttpResponseMessage response = await writer.GetAsync("/v1/subjects/user:any" + query);

        // Assert
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        (await response.ReadAsync()).GetProperty("errors").TryGetProperty(field, out _).ShouldBeTrue();
    }
}
