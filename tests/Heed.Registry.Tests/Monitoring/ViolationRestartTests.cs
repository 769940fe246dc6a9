using System.Text.Json;
using Heed.Registry.Monitoring.Violations;
using Heed.Registry.Tests.Infrastructure;
using Heed.Storage.Monitoring;
using Microsoft.Data.Sqlite;

namespace Heed.Registry.Tests.Monitoring;

/// <summary>
/// Detection across registry restarts on one data directory: receipts stored while detection was not running are
/// judged after the start, and receipts judged again (a cursor that did not move before a crash) are recorded once.
/// </summary>
public sealed class ViolationRestartTests
{
    private const string Purpose = "analytics.reporting";

    [Fact]
    public async Task Restart_JudgesWhatArrivedMeanwhile_AndJudgingAgainRecordsNothingTwice()
    {
        string subject = "user:vio-restart-" + Guid.NewGuid().ToString("N");
        RegistryServer first = await RegistryServer.StartAsync();
        first.DeleteDataOnDispose = false;
        string data = first.DataDirectory;
        string adminKey = first.AdminKey;
        await first.ReportAsync(ViolationCalls.Receipt(subject, Purpose, "before-restart", DateTimeOffset.UtcNow));
        (await first.ViolationsOfAsync(subject)).ShouldHaveSingleItem();
        await first.DisposeAsync();

        // While no registry runs: two receipts arrive (stored straight into monitoring.db) and the cursor is set back
        // to 0, as if a crash had come between recording and saving it.
        MonitoringDatabase database = MonitoringDatabase.Create(data);
        using (var receipts = new ReceiptStore(database))
        {
            await receipts.AppendAsync(
            [
                new NewReceipt("r-" + Guid.NewGuid().ToString("N"), subject, Purpose, "meanwhile", "e1", DateTimeOffset.UtcNow, null, null, null),
                new NewReceipt("r-" + Guid.NewGuid().ToString("N"), subject, Purpose, "meanwhile", "e2", DateTimeOffset.UtcNow, null, null, null),
            ], reporter: null);
        }

        using (SqliteConnection connection = database.Open())
        using (SqliteCommand reset = connection.CreateCommand())
        {
            reset.CommandText = "UPDATE monitoring_cursors SET seq = 0 WHERE name = $name;";
            reset.Parameters.AddWithValue("$name", ViolationDetector.CursorName);
            reset.ExecuteNonQuery().ShouldBe(1);
        }

        SqliteConnection.ClearAllPools();
        await using RegistryServer second = await RegistryServer.StartAsync(data, adminKey);
        await second.WaitJudgedAsync();

        JsonElement[] found = await second.ViolationsOfAsync(subject);
        found.Select(v => v.GetProperty("service").GetString()).Order().ShouldBe(["before-restart", "meanwhile", "meanwhile"]);
        found.Select(v => v.GetProperty("evidence").GetProperty("receipt").GetProperty("id").GetString()).Distinct().Count().ShouldBe(3);
    }
}
