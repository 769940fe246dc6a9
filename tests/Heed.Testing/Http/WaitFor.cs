using System.Net;
using Heed.Testing.Polling;
using Heed.Testing.Processes;

namespace Heed.Testing.Http;

/// <summary>Readiness of servers in other processes, which we can only observe from outside.</summary>
public static class WaitFor
{
    private static readonly TimeSpan AttemptTimeout = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Polls GET <paramref name="url"/> until it answers 200. Fails at once if <paramref name="process"/>
    /// (the server being waited for) exits, with its last lines.
    /// </summary>
    public static async Task HttpOkAsync(
        Uri url,
        TimeSpan timeout,
        ChildProcess? process = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(url);
        EnsureLoopback(url);
        using var client = new HttpClient { Timeout = AttemptTimeout };
        await Poll.UntilAsync(
            async ct =>
            {
                if (process is { HasExited: true })
                {
                    throw new ChildProcessExitedException(
                        $"{process} exited with code {process.ExitCode} while waiting for {url}. Last lines:\n{process.Tail(30)}",
                        process.ExitCode);
                }

                try
                {
                    using var response = await client.GetAsync(url, ct);
                    return response.StatusCode == HttpStatusCode.OK;
                }
                catch (HttpRequestException)
                {
                    return false; // Not listening yet.
                }
                catch (TaskCanceledException) when (!ct.IsCancellationRequested)
                {
                    return false; // Listening but not answering yet.
                }
            },
            timeout,
            $"GET {url} → 200",
            cancellationToken: cancellationToken);
    }

    // Tests only ever send traffic to this machine; a typo must not reach a real host.
    private static void EnsureLoopback(Uri url)
    {
        if (!url.IsLoopback)
        {
            throw new ArgumentException($"{url} is not a loopback address; tests only talk to 127.0.0.1 or ::1.", nameof(url));
        }
    }
}
