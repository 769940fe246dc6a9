using Heed.Testing.Cli;
using Heed.Testing.Http;
using Heed.Testing.Network;
using Heed.Testing.Processes;
using Heed.Testing.Temp;

namespace Heed.System.Tests.Storage;

/// <summary>One data directory has one registry: real <c>heed serve</c> processes on one directory.</summary>
public sealed class DataDirectoryLockTests
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Serve_SecondOnALiveDataDirectory_ExitsNamingTheFirstAndAfterKill9ANewOneStartsAtOnce()
    {
        // Arrange
        using TempDirectory data = TempDirectory.Create("heed-lock-");
        string adminKey = "lock-admin-" + Guid.NewGuid().ToString("N");
        int firstPort = FreePort.Next();
        int thirdPort = FreePort.Next();
        await using ChildProcess first = ChildProcess.Start(HeedCli.Serve(data.FullPath, firstPort, adminKey));
        await WaitFor.HttpOkAsync(new Uri($"http://127.0.0.1:{firstPort}/readyz"), StartTimeout, first);

        // Act: a second registry on the same directory, on other ports.
        await using ChildProcess second = ChildProcess.Start(HeedCli.Serve(data.FullPath, FreePort.Next(), adminKey));
        int secondExit = await second.WaitForExitAsync(StartTimeout);
        await second.WaitForOutputClosedAsync(StartTimeout);
        string refusal = string.Join('\n', second.Lines.Select(l => l.Text));
        string pidFileWhileFirstRuns = await File.ReadAllTextAsync(data.Combine("heed.pid"));

        first.Kill();
        await first.WaitForExitAsync(StartTimeout);
        await using ChildProcess third = ChildProcess.Start(HeedCli.Serve(data.FullPath, thirdPort, adminKey));
        await WaitFor.HttpOkAsync(new Uri($"http://127.0.0.1:{thirdPort}/readyz"), StartTimeout, third);
        string pidFileAfterRestart = await File.ReadAllTextAsync(data.Combine("heed.pid"));

        // Assert
        secondExit.ShouldBe(1, refusal);
        refusal.ShouldContain($"in use by process {first.Pid}");
        refusal.ShouldNotContain("listening on");
        pidFileWhileFirstRuns.ShouldStartWith(first.Pid + "\n");
        third.HasExited.ShouldBeFalse();
        // The lock left behind by kill -9 blocked nothing: the new registry holds the directory.
        pidFileAfterRestart.ShouldStartWith(third.Pid + "\n");
    }
}
