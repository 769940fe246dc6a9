using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.RegularExpressions;
using Heed.Testing.Processes;
using Heed.Testing.Temp;

namespace Heed.Adoption.Tests.Infrastructure;

/// <summary>
/// A real <c>heed serve</c> child process (the built one, or an installed tool) on loopback with a random
/// admin key and ports chosen by the OS, read back from its "listening on" line.
/// </summary>
public sealed partial class Registry : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(2);
    private readonly TempDirectory _data;
    private readonly HttpClient _http;

    private Registry(ChildProcess process, TempDirectory data, Uri httpUrl, Uri grpcUrl, string adminKey)
    {
        Process = process;
        _data = data;
        HttpUrl = httpUrl;
        GrpcUrl = grpcUrl;
        AdminKey = adminKey;
        _http = new HttpClient { BaseAddress = httpUrl };
        _http.DefaultRequestHeaders.Authorization = new("Bearer", adminKey);
    }

    public ChildProcess Process { get; }

    public Uri HttpUrl { get; }

    /// <summary>Where replicas (the SDK, the sidecar) connect.</summary>
    public Uri GrpcUrl { get; }

    public string AdminKey { get; }

    /// <summary>Starts <paramref name="heed"/> (a command that runs heed, to which <c>serve …</c> is appended).</summary>
    public static async Task<Registry> StartAsync(ChildProcessOptions heed)
    {
        ArgumentNullException.ThrowIfNull(heed);
        var data = TempDirectory.Create("heed-adoption-registry-");
        string adminKey = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        var environment = new Dictionary<string, string?>(heed.Environment) { ["HEED_ADMIN_KEY"] = adminKey };
        ChildProcess process = ChildProcess.Start(heed with
        {
            Arguments = [.. heed.Arguments, "serve", "--data", data.FullPath, "--urls", "http://127.0.0.1:0", "--grpc-urls", "http://127.0.0.1:0"],
            Environment = environment,
            Name = "heed serve",
        });
        try
        {
            string line = await process.WaitForLineAsync(l => ListeningLine().IsMatch(l), StartTimeout);
            Match match = ListeningLine().Match(line);
            return new Registry(process, data, new Uri(match.Groups[1].Value), new Uri(match.Groups[2].Value), adminKey);
        }
        catch
        {
            await process.DisposeAsync();
            data.Dispose();
            throw;
        }
    }

    /// <summary>A new key with <paramref name="role"/> (enforcer, writer…), created with the admin key.</summary>
    public async Task<string> CreateKeyAsync(string role)
    {
        using HttpResponseMessage response = await _http.PostAsJsonAsync("/v1/keys", new { role, name = "adoption-" + role });
        response.EnsureSuccessStatusCode();
        JsonElement created = await response.Content.ReadFromJsonAsync<JsonElement>();
        return created.GetProperty("key").GetString()!;
    }

    /// <summary>Records an opt-out and returns the write's LSN (its consistency token). The registry
    /// answers once every enforcement point applied it or lost its lease.</summary>
    public async Task<long> OptOutAsync(string subject, string purpose)
    {
        using HttpResponseMessage response = await _http.PutAsJsonAsync($"/v1/subjects/{subject}/optouts/{purpose}", new { source = "adoption-test" });
        response.EnsureSuccessStatusCode();
        JsonElement written = await response.Content.ReadFromJsonAsync<JsonElement>();
        return written.GetProperty("lsn").GetInt64();
    }

    /// <summary>Kills the registry (SIGKILL): no goodbye to its replicas.</summary>
    public void Kill() => Process.Kill();

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await Process.DisposeAsync();
        _data.Dispose();
    }

    [GeneratedRegex(@"listening on (http://\S+) \(replication (http://[^;\s]+)")]
    private static partial Regex ListeningLine();
}
