using System.Net.Http.Json;
using Heed.Registry.Audit;
using Heed.Registry.State;
using Heed.Registry.Tests.Infrastructure;
using Heed.Storage.Audit;
using Heed.Storage.Ledger;
using Heed.Storage.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace Heed.Registry.Tests.Audit;

/// <summary>Signed checkpoints kept in the ledger database: by the keeper after writes, for every one served, at shutdown.</summary>
public sealed class KeptCheckpointTests
{
    private const string Purpose = "marketing.communications.email";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Writes_WithoutAnyRequestForACheckpoint_GetOneSignedAndKept()
    {
        // Arrange
        await using RegistryServer server = await RegistryServer.StartAsync();
        await WriteAsync(server, 3);
        AuditLog log = server.Handle.App.Services.GetRequiredService<AuditLog>();
        long head = server.Handle.App.Services.GetRequiredService<RegistryState>().Head;

        // Act
        bool kept = await log.WaitKeptAsync(head, Timeout, TimeProvider.System, Ct);
        CheckpointRow? row = await server.Handle.App.Services.GetRequiredService<ILedgerStore>().ReadLatestCheckpointAsync(Ct);

        // Assert
        kept.ShouldBeTrue();
        row.ShouldNotBeNull();
        row.Size.ShouldBe(head);
        NoteVerifier.Parse(log.VerifierKey).TryOpen(row.Note, out string text).ShouldBeTrue();
        Checkpoint.TryParse(text, out Checkpoint? checkpoint).ShouldBeTrue();
        checkpoint!.Size.ShouldBe(head);
        checkpoint.Root.ShouldBe(log.Tree.Root(head));
    }

    [Fact]
    public async Task ServedCheckpoint_IsKept()
    {
        // Arrange: a keeper that rests an hour after its first checkpoint, so only the request can keep this one.
        await using RegistryServer server = await RegistryServer.StartAsync(configure: o => o.Audit.CheckpointInterval = TimeSpan.FromHours(1));
        AuditLog log = server.Handle.App.Services.GetRequiredService<AuditLog>();
        (await log.WaitKeptAsync(0, Timeout, TimeProvider.System, Ct)).ShouldBeTrue();
        await WriteAsync(server, 2);
        HttpClient auditor = await server.ClientAsync("auditor");

        // Act
        string note = await auditor.GetStringAsync("/v1/audit/checkpoint", Ct);
        CheckpointRow? row = await server.Handle.App.Services.GetRequiredService<ILedgerStore>().ReadLatestCheckpointAsync(Ct);

        // Assert
        row.ShouldNotBeNull();
        row.Note.ShouldBe(note);
    }

    [Fact]
    public async Task Shutdown_KeepsTheCheckpointOfEveryEntry()
    {
        // Arrange
        string data;
        long head;
        await using (RegistryServer server = await RegistryServer.StartAsync(configure: o => o.Audit.CheckpointInterval = TimeSpan.FromHours(1)))
        {
            server.DeleteDataOnDispose = false;
            data = server.DataDirectory;
            (await server.Handle.App.Services.GetRequiredService<AuditLog>().WaitKeptAsync(0, Timeout, TimeProvider.System, Ct)).ShouldBeTrue();
            await WriteAsync(server, 4);
            head = server.Handle.App.Services.GetRequiredService<RegistryState>().Head;

            // Act: the server stops at the end of this block.
        }

        // Assert
        try
        {
            await using SqliteLedgerStore store = SqliteLedgerStore.OpenReadOnly(data);
            CheckpointRow? row = await store.ReadLatestCheckpointAsync(Ct);
            row.ShouldNotBeNull();
            row.Size.ShouldBe(head);
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }

    private static async Task WriteAsync(RegistryServer server, int count)
    {
        HttpClient writer = await server.ClientAsync("writer");
        for (int i = 0; i < count; i++)
        {
            (await writer.PutAsJsonAsync($"/v1/subjects/email:kept{Guid.NewGuid():N}@example.com/optouts/{Purpose}", new { source = "preference-center" }, Ct)).EnsureSuccessStatusCode();
        }
    }
}
