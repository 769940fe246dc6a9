using System.Net.Http.Headers;
using System.Net.Http.Json;
using Heed.Cli.Tests.Infrastructure;
using Microsoft.Data.Sqlite;

namespace Heed.Cli.Tests.Audit;

/// <summary>
/// The data directory of a real <c>heed serve</c> that took <see cref="Writes"/> opt-outs through the API and was then
/// stopped gracefully; each test verifies or tampers with a copy of its own (<see cref="CopyAsync"/>). Also keeps the
/// checkpoint the registry served halfway (<see cref="EarlierCheckpoint"/>), as an auditor would have saved it.
/// </summary>
public sealed class StoppedRegistryData : IAsyncLifetime
{
    public const int Writes = 8;
    private readonly RegistryProcess _registry = new();
    private readonly List<string> _copies = [];

    /// <summary>The stopped registry's data directory: never changed by a test.</summary>
    public string Original => _registry.DataDirectory;

    /// <summary>The ledger's head when the registry stopped.</summary>
    public long Head { get; private set; }

    /// <summary>GET /v1/audit/checkpoint after the first half of the writes.</summary>
    public string EarlierCheckpoint { get; private set; } = string.Empty;

    /// <summary>GET /v1/audit/key while it ran.</summary>
    public string VerifierKey { get; private set; } = string.Empty;

    public async ValueTask InitializeAsync()
    {
        await _registry.InitializeAsync();
        using var http = new HttpClient { BaseAddress = _registry.Url };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", _registry.AdminKey);
        for (int i = 0; i < Writes; i++)
        {
            (await http.PutAsJsonAsync($"/v1/subjects/user:tamper-{i}/optouts/marketing", new { source = "preference-center" })).EnsureSuccessStatusCode();
            if (i == (Writes / 2) - 1)
            {
                EarlierCheckpoint = await http.GetStringAsync("/v1/audit/checkpoint");
            }
        }

        VerifierKey = (await http.GetStringAsync("/v1/audit/key")).Trim();
        Head = await _registry.GetHeadAsync();
        await _registry.StopAsync(TimeSpan.FromSeconds(30));
    }

    /// <summary>A copy of the whole data directory, deleted with the fixture.</summary>
    public string Copy()
    {
        string copy = Path.Combine(Path.GetTempPath(), "heed-cli-tests", "copy-" + Guid.NewGuid().ToString("N"));
        _copies.Add(copy);
        CopyDirectory(Original, copy);
        return copy;
    }

    /// <summary>A copy with <paramref name="sql"/> run on its ledger database (then closed, so nothing is left in a WAL).</summary>
    public async Task<string> CopyAsync(string sql, params (string Name, object Value)[] parameters)
    {
        string copy = Copy();
        await ExecuteAsync(copy, sql, parameters);
        return copy;
    }

    public static async Task ExecuteAsync(string directory, string sql, params (string Name, object Value)[] parameters)
    {
        string database = Path.Combine(directory, "heed.db");
        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = database, Pooling = false }.ToString());
        await connection.OpenAsync();
        await using SqliteCommand command = connection.CreateCommand();
        command.CommandText = sql;
        foreach ((string name, object value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        await command.ExecuteNonQueryAsync();
    }

    public static async Task<string> ScalarAsync(string directory, string sql)
    {
        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = Path.Combine(directory, "heed.db"), Pooling = false, Mode = SqliteOpenMode.ReadOnly }.ToString());
        await connection.OpenAsync();
        await using SqliteCommand command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToString(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty;
    }

    /// <summary>Runs <c>heed</c> with no registry and no key in its environment.</summary>
    public static Task<HeedResult> RunOfflineAsync(params string[] args) =>
        HeedExecutable.RunAsync(args, new Dictionary<string, string?> { ["HEED_REGISTRY"] = null, ["HEED_KEY"] = null });

    public async ValueTask DisposeAsync()
    {
        foreach (string copy in _copies)
        {
            if (Directory.Exists(copy))
            {
                Directory.Delete(copy, recursive: true);
            }
        }

        await _registry.DisposeAsync();
    }

    private static void CopyDirectory(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (string file in Directory.GetFiles(from))
        {
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        }

        foreach (string directory in Directory.GetDirectories(from))
        {
            CopyDirectory(directory, Path.Combine(to, Path.GetFileName(directory)));
        }
    }
}
