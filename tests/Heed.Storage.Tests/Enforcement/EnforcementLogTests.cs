using Heed.Storage.Enforcement;

namespace Heed.Storage.Tests.Enforcement;

public sealed class EnforcementLogTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 1, 10, 0, 0, TimeSpan.Zero);
    private readonly string _dir = Directory.CreateTempSubdirectory("heed-enforcement-").FullName;

    [Fact]
    public void EnforcedAt_IsTheNearestRowAtOrAfterTheLsn_NullPastTheLast()
    {
        using EnforcementLog log = EnforcementLog.Open(_dir, head: 0);
        log.Record([(5, T0), (9, T0.AddMilliseconds(7))]);

        log.EnforcedAt(1).ShouldBe(T0);
        log.EnforcedAt(5).ShouldBe(T0);
        log.EnforcedAt(6).ShouldBe(T0.AddMilliseconds(7));
        log.EnforcedAt(9).ShouldBe(T0.AddMilliseconds(7));
        log.EnforcedAt(10).ShouldBeNull();
    }

    [Fact]
    public void Record_SameLsnTwice_KeepsTheEarlierTime()
    {
        using EnforcementLog log = EnforcementLog.Open(_dir, head: 0);
        log.Record([(3, T0.AddMilliseconds(5))]);
        log.Record([(3, T0)]);
        log.EnforcedAt(3).ShouldBe(T0);
    }

    [Fact]
    public void Open_AfterARestoreToAnEarlierHead_DropsTheRowsPastIt()
    {
        using (EnforcementLog log = EnforcementLog.Open(_dir, head: 0))
        {
            log.Record([(4, T0), (8, T0.AddSeconds(1))]);
        }

        using EnforcementLog reopened = EnforcementLog.Open(_dir, head: 6);
        reopened.EnforcedAt(4).ShouldBe(T0);
        reopened.EnforcedAt(5).ShouldBeNull();
    }

    [Fact]
    public void Open_CreatesTheFileOwnerOnly()
    {
        using EnforcementLog log = EnforcementLog.Open(_dir, head: 0);
        if (!OperatingSystem.IsWindows())
        {
            (File.GetUnixFileMode(Path.Combine(_dir, EnforcementLog.FileName)) & (UnixFileMode.GroupRead | UnixFileMode.OtherRead)).ShouldBe(UnixFileMode.None);
        }
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }
}
