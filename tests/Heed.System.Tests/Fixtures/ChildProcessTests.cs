using System.Globalization;
using Heed.Testing.Processes;

namespace Heed.System.Tests.Fixtures;

public sealed class ChildProcessTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    private static ChildProcess Shell(string script) =>
        ChildProcess.Start(new ChildProcessOptions("/bin/sh") { Arguments = ["-c", script], Name = "sh" });

    [Fact]
    public async Task WaitForLineAsync_LinesOnBothStreams_ReturnsEach()
    {
        // Arrange
        await using var process = Shell("echo hello out; echo hello err >&2; exec sleep 60");

        // Act
        var stdout = await process.WaitForLineAsync(l => l.Contains("out", StringComparison.Ordinal), Timeout, cancellationToken: TestContext.Current.CancellationToken);
        var stderr = await process.WaitForLineAsync(l => l.Contains("err", StringComparison.Ordinal), Timeout, cancellationToken: TestContext.Current.CancellationToken);

        // Assert
        stdout.ShouldBe("hello out");
        stderr.ShouldBe("hello err");
        process.Lines.ShouldContain(l => l.Stream == OutputStream.StandardError && l.Text == "hello err");
    }

    [Fact]
    public async Task WaitForLineAsync_ProcessExitsWithoutMatch_ThrowsExited()
    {
        await using var process = Shell("echo nothing to see; exit 3");

        var error = await Should.ThrowAsync<ChildProcessExitedException>(
            () => process.WaitForLineAsync(l => l == "ready", Timeout, cancellationToken: TestContext.Current.CancellationToken));

        error.ExitCode.ShouldBe(3);
        error.Message.ShouldContain("nothing to see");
    }

    [Fact]
    public async Task WaitForLineAsync_NoMatchInTime_ThrowsTimeoutWithTail()
    {
        await using var process = Shell("echo still starting; exec sleep 60");
        await process.WaitForLineAsync(l => l == "still starting", Timeout, cancellationToken: TestContext.Current.CancellationToken);

        var error = await Should.ThrowAsync<TimeoutException>(
            () => process.WaitForLineAsync(l => l == "ready", TimeSpan.FromMilliseconds(200), cancellationToken: TestContext.Current.CancellationToken));

        error.Message.ShouldContain("still starting");
    }

    [Fact]
    public async Task WaitForLineAsync_FromLine_IgnoresEarlierLines()
    {
        await using var process = Shell("echo tick; read never; echo tick");
        await process.WaitForLineAsync(l => l == "tick", Timeout, cancellationToken: TestContext.Current.CancellationToken);

        // The second "tick" only comes after a line on stdin, so the wait must not be satisfied by the first.
        var second = process.WaitForLineAsync(l => l == "tick", Timeout, fromLine: process.LineCount, cancellationToken: TestContext.Current.CancellationToken);
        second.IsCompleted.ShouldBeFalse();
        await process.StandardInput.WriteLineAsync("go");
        await process.StandardInput.FlushAsync(TestContext.Current.CancellationToken);

        (await second).ShouldBe("tick");
        process.Lines.Count(l => l.Text == "tick").ShouldBe(2);
    }

    [Fact]
    public async Task PauseAndResume_RunningProcess_StopsAndContinuesIt()
    {
        await using var process = Shell("exec sleep 60");

        process.Pause();
        await WaitForStateAsync(process.Pid, state => state == 'T');
        process.Resume();
        await WaitForStateAsync(process.Pid, state => state != 'T');

        process.HasExited.ShouldBeFalse();
    }

    [Fact]
    public async Task Kill_RunningProcess_EndsWithSigkill()
    {
        await using var process = Shell("exec sleep 60");

        process.Kill();
        var exitCode = await process.WaitForExitAsync(Timeout, TestContext.Current.CancellationToken);

        exitCode.ShouldBe(128 + (int)UnixSignal.Kill);
        UnixProcess.IsRunning(process.Pid).ShouldBeFalse();
    }

    [Fact]
    public async Task StopAsync_ProcessHandlesSigterm_ExitsGracefully()
    {
        await using var process = Shell("trap 'echo bye; exit 0' TERM; echo ready; while :; do sleep 0.05; done");
        await process.WaitForLineAsync(l => l == "ready", Timeout, cancellationToken: TestContext.Current.CancellationToken);

        var exitCode = await process.StopAsync(Timeout, TestContext.Current.CancellationToken);

        exitCode.ShouldBe(0);
        await process.WaitForLineAsync(l => l == "bye", Timeout, cancellationToken: TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task StopAsync_PausedProcess_StillStops()
    {
        await using var process = Shell("exec sleep 60");
        process.Pause();

        var exitCode = await process.StopAsync(Timeout, TestContext.Current.CancellationToken);

        exitCode.ShouldBe(128 + (int)UnixSignal.Terminate);
    }

    [Fact]
    public async Task DisposeAsync_ProcessWithChild_KillsOnlyItsOwnPid()
    {
        // Arrange: the shell starts a grandchild and reports its PID.
        await using var process = Shell("sleep 60 >/dev/null 2>&1 & echo child $!; wait");
        var line = await process.WaitForLineAsync(l => l.StartsWith("child ", StringComparison.Ordinal), Timeout, cancellationToken: TestContext.Current.CancellationToken);
        var grandchild = int.Parse(line["child ".Length..], CultureInfo.InvariantCulture);
        try
        {
            // Act
            await process.DisposeAsync();

            // Assert
            UnixProcess.IsRunning(process.Pid).ShouldBeFalse();
            UnixProcess.IsRunning(grandchild).ShouldBeTrue();
        }
        finally
        {
            UnixProcess.Signal(grandchild, UnixSignal.Kill);
        }
    }

    private static Task WaitForStateAsync(int pid, Func<char, bool> accept) =>
        Heed.Testing.Polling.Poll.UntilAsync(
            _ => Task.FromResult(UnixProcess.State(pid) is { } state && accept(state)),
            Timeout,
            $"state change of {pid}",
            cancellationToken: TestContext.Current.CancellationToken);
}
