using System.Net;
using Heed.Testing.Http;
using Heed.Testing.Network;
using Heed.Testing.Processes;

namespace Heed.System.Tests.Fixtures;

public sealed class WaitForTests
{
    [Fact]
    public async Task HttpOkAsync_ServerAnswers200_Completes()
    {
        // Arrange: a server that answers only once the waiter is already polling.
        var port = FreePort.Next();
        var url = new Uri($"http://127.0.0.1:{port}/healthz");
        var waiting = WaitFor.HttpOkAsync(url, TimeSpan.FromSeconds(10), cancellationToken: TestContext.Current.CancellationToken);
        using var listener = new HttpListener();
        listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        listener.Start();
        var serving = Task.Run(
            async () =>
            {
                var context = await listener.GetContextAsync();
                context.Response.StatusCode = 200;
                context.Response.Close();
            },
            TestContext.Current.CancellationToken);

        // Act
        await waiting;

        // Assert
        await serving;
        waiting.IsCompletedSuccessfully.ShouldBeTrue();
    }

    [Fact]
    public async Task HttpOkAsync_NothingListening_TimesOut()
    {
        var url = new Uri($"http://127.0.0.1:{FreePort.Next()}/");

        await Should.ThrowAsync<TimeoutException>(
            () => WaitFor.HttpOkAsync(url, TimeSpan.FromMilliseconds(300), cancellationToken: TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task HttpOkAsync_NotLoopback_RefusesWithoutSending()
    {
        await Should.ThrowAsync<ArgumentException>(
            () => WaitFor.HttpOkAsync(new Uri("http://192.0.2.1/"), TimeSpan.FromSeconds(1), cancellationToken: TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task HttpOkAsync_ServerProcessExited_ThrowsExited()
    {
        await using var server = ChildProcess.Start(new ChildProcessOptions("/bin/sh") { Arguments = ["-c", "echo cannot bind; exit 4"] });
        await server.WaitForExitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);

        var error = await Should.ThrowAsync<ChildProcessExitedException>(
            () => WaitFor.HttpOkAsync(new Uri($"http://127.0.0.1:{FreePort.Next()}/"), TimeSpan.FromSeconds(10), server, TestContext.Current.CancellationToken));

        error.ExitCode.ShouldBe(4);
    }
}
