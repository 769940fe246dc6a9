using Heed.Testing.Cli;
using Heed.Testing.Http;
using Heed.Testing.Processes;

namespace Heed.System.Tests.Replication;

/// <summary>`heed serve` as a child process with a short lease and a 50 ms heartbeat, as the replication tests want it.</summary>
internal static class LeasedRegistry
{
    public static ChildProcess Start(string data, int httpPort, int grpcPort, string adminKey, TimeSpan lease) =>
        ChildProcess.Start(HeedCli.Serve(data, httpPort, adminKey, grpcPort) with
        {
            Environment = new Dictionary<string, string?>
            {
                ["HEED_ADMIN_KEY"] = adminKey,
                ["Heed__Lease"] = lease.ToString(),
                ["Heed__Heartbeat"] = TimeSpan.FromMilliseconds(50).ToString(),
            },
        });

    /// <summary>Starts the registry and waits until <c>/healthz</c> answers.</summary>
    public static async Task<ChildProcess> StartHealthyAsync(string data, int httpPort, int grpcPort, string adminKey, TimeSpan lease, TimeSpan wait)
    {
        ChildProcess registry = Start(data, httpPort, grpcPort, adminKey, lease);
        try
        {
            await WaitFor.HttpOkAsync(new Uri($"http://127.0.0.1:{httpPort}/healthz"), wait, registry);
            return registry;
        }
        catch
        {
            await registry.DisposeAsync(); // a registry that never became healthy is not left running
            throw;
        }
    }
}
