using System.Net.Http.Json;
using System.Runtime.Versioning;
using Heed.Registry.Hosting;
using Heed.Registry.Tests.Infrastructure;

namespace Heed.Registry.Tests.Hosting;

/// <summary>Closed at rest: the data directory is 0700 and every file the registry creates in it 0600.</summary>
[UnsupportedOSPlatform("windows")]
public sealed class DataDirectoryTests
{
    [Fact]
    public async Task FirstStart_AfterWrites_DirectoryPrivateAndEveryFilePrivate()
    {
        // Arrange: a data directory that does not exist yet, under the process's default umask.
        string data = Path.Combine(Path.GetTempPath(), "heed-registry-tests", Guid.NewGuid().ToString("N"), "data");
        await using RegistryServer server = await RegistryServer.StartAsync(data);
        HttpClient writer = await server.ClientAsync("writer");

        // Act: a write, so the WAL and shared-memory files exist.
        (await writer.PutAsync("/v1/subjects/email:modes@example.com/optouts/analytics", null)).EnsureSuccessStatusCode();

        // Assert
        File.GetUnixFileMode(data).ShouldBe(DataDirectory.DirectoryMode);
        string[] files = Directory.GetFiles(data);
        files.Select(Path.GetFileName).ShouldContain("heed.db");
        files.Select(Path.GetFileName).ShouldContain("heed.db-wal");
        files.Select(Path.GetFileName).ShouldContain("heed.db-shm");
        files.ShouldAllBe(f => File.GetUnixFileMode(f) == DataDirectory.FileMode);
    }

    [Fact]
    public void LooserThanPrivate_WorldReadableFile_Reported()
    {
        string data = Path.Combine(Path.GetTempPath(), "heed-registry-tests", Guid.NewGuid().ToString("N"));
        DataDirectory.Prepare(data);
        string db = Path.Combine(data, "heed.db");
        File.SetUnixFileMode(db, DataDirectory.FileMode | UnixFileMode.OtherRead);

        IReadOnlyList<string> loose = DataDirectory.LooserThanPrivate(data);

        loose.ShouldHaveSingleItem().ShouldContain("heed.db is 0604");
        Directory.Delete(data, recursive: true);
    }

    [Fact]
    public async Task FirstStart_WithoutAdminKey_KeyInPrivateFileThatWorks()
    {
        // Arrange
        string data = Path.Combine(Path.GetTempPath(), "heed-registry-tests", Guid.NewGuid().ToString("N"));
        var options = new RegistryOptions { Data = data, Urls = "http://127.0.0.1:0", GrpcUrls = "http://127.0.0.1:0" };

        // Act
        RegistryHandle handle = await RegistryApp.CreateAsync(options);
        await handle.App.StartAsync();
        try
        {
            // Assert
            string keyFile = handle.FirstAdminKeyFile.ShouldNotBeNull();
            keyFile.ShouldBe(Path.GetFullPath(Path.Combine(data, AdminKeySeeder.KeyFileName)));
            File.GetUnixFileMode(keyFile).ShouldBe(DataDirectory.FileMode);

            using var admin = new HttpClient { BaseAddress = new Uri(handle.Endpoints.HttpUrl) };
            admin.DefaultRequestHeaders.Authorization = new("Bearer", (await File.ReadAllTextAsync(keyFile)).Trim());
            (await admin.GetFromJsonAsync<System.Text.Json.JsonElement>("/v1/keys")).GetProperty("keys").GetArrayLength().ShouldBe(1);
        }
        finally
        {
            await handle.App.StopAsync();
            await handle.App.DisposeAsync();
            Directory.Delete(data, recursive: true);
        }
    }
}
