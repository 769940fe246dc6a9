using Heed.Storage.DataDirectory;

namespace Heed.Storage.Tests.DataDirectory;

// The lock is an flock(2) held by one open file, so a second open in this same process conflicts exactly
// like another process would; tests/Heed.System.Tests shows it across real `heed serve` processes.
public sealed class DataDirectoryLockTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    private string LockFile => _directory.Combine(DataDirectoryLock.LockFileName);

    private string PidFile => _directory.Combine(DataDirectoryLock.PidFileName);

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void Acquire_DirectoryHeld_ThrowsNamingTheHolderPid()
    {
        using DataDirectoryLock first = DataDirectoryLock.Acquire(_directory.Path);

        DataDirectoryInUseException error = Should.Throw<DataDirectoryInUseException>(() => DataDirectoryLock.Acquire(_directory.Path));

        error.HolderPid.ShouldBe(Environment.ProcessId);
        error.Message.ShouldContain($"process {Environment.ProcessId}");
        error.Directory.ShouldBe(first.Directory);
    }

    [Fact]
    public void Acquire_HolderReleased_TakesTheLockAndTheReleaseRemovedThePidFile()
    {
        DataDirectoryLock first = DataDirectoryLock.Acquire(_directory.Path);
        first.Dispose();
        bool pidFileAfterRelease = File.Exists(PidFile);

        using DataDirectoryLock second = DataDirectoryLock.Acquire(_directory.Path);

        pidFileAfterRelease.ShouldBeFalse();
        second.Check().ShouldBeNull();
        File.ReadAllText(PidFile).ShouldStartWith(Environment.ProcessId + "\n");
    }

    [Fact]
    public void Acquire_FilesLeftByAKilledHolder_TakesTheLock()
    {
        // What kill -9 leaves: both files, naming a process that no longer holds anything.
        string stale = "999999\n2026-01-01T00:00:00.0000000+00:00\nstale-token\n";
        File.WriteAllText(LockFile, stale);
        File.WriteAllText(PidFile, stale);

        DataDirectoryLock taken = DataDirectoryLock.Acquire(_directory.Path);
        string? lost = taken.Check();
        string pidFile = File.ReadAllText(PidFile);
        taken.Dispose();

        lost.ShouldBeNull();
        pidFile.ShouldStartWith(Environment.ProcessId + "\n");
        // The lock file names its holder too, for people; .NET can read it only once it is released.
        File.ReadAllText(LockFile).ShouldStartWith(Environment.ProcessId + "\n");
    }

    [Fact]
    public void Acquire_MissingDirectory_CreatesIt()
    {
        string nested = _directory.Combine("new/data");

        using DataDirectoryLock taken = DataDirectoryLock.Acquire(nested);

        Directory.Exists(nested).ShouldBeTrue();
        File.Exists(Path.Combine(nested, DataDirectoryLock.LockFileName)).ShouldBeTrue();
    }

    [Fact]
    public void Check_LockFileRemoved_SaysTheLockIsLost()
    {
        using DataDirectoryLock held = DataDirectoryLock.Acquire(_directory.Path);
        File.Delete(LockFile);

        string? lost = held.Check();

        lost.ShouldNotBeNull().ShouldContain("removed");
    }

    [Fact]
    public void Check_LockFileReplacedAndTakenByAnother_SaysTheLockIsLost()
    {
        using DataDirectoryLock held = DataDirectoryLock.Acquire(_directory.Path);
        File.Delete(LockFile);
        using DataDirectoryLock other = DataDirectoryLock.Acquire(_directory.Path);

        string? lost = held.Check();

        lost.ShouldNotBeNull().ShouldContain("another holder");
        other.Check().ShouldBeNull();
    }

    [Fact]
    public void Check_LockFileReplacedByAnUnlockedFile_SaysTheLockIsLost()
    {
        using DataDirectoryLock held = DataDirectoryLock.Acquire(_directory.Path);
        File.Delete(LockFile);
        File.WriteAllText(LockFile, "copied back from a backup");

        string? lost = held.Check();

        lost.ShouldNotBeNull().ShouldContain("replaced");
    }

    [Fact]
    public void Check_PidFileRemoved_StillHoldsAndWritesItAgain()
    {
        using DataDirectoryLock held = DataDirectoryLock.Acquire(_directory.Path);
        File.Delete(PidFile);

        string? lost = held.Check();

        lost.ShouldBeNull();
        File.ReadAllText(PidFile).ShouldStartWith(Environment.ProcessId + "\n");
        Should.Throw<DataDirectoryInUseException>(() => DataDirectoryLock.Acquire(_directory.Path)).HolderPid.ShouldBe(Environment.ProcessId);
    }
}
