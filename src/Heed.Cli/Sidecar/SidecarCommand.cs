using System.CommandLine;
using Heed.Cli.Commands;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Heed.Cli.Sidecar;

/// <summary>
/// <c>heed sidecar --registry URL --key-file PATH [--service NAME] [--urls URL] [--grpc-urls URL]</c> (or the
/// key in <c>HEED_KEY</c>): a local decision API backed by an in-process replica. It listens on loopback with
/// no key of its own: only processes on this machine can reach it.
/// </summary>
public static class SidecarCommand
{
    public static Command Create()
    {
        var registry = new Option<string?>("--registry") { Description = "The registry's address, e.g. http://127.0.0.1:8080 (its replication address is found there)" };
        var key = new SecretOption("key", RegistryConnection.KeyVariable, "An enforcer key of the registry");
        var service = new Option<string?>("--service") { Description = "The service this sidecar enforces for (default sidecar)" };
        var urls = new Option<string?>("--urls") { Description = "Where the HTTP check API listens (default http://127.0.0.1:8181)" };
        var grpcUrls = new Option<string?>("--grpc-urls") { Description = "Where CheckStream (gRPC) listens (default: a free port on the host of --urls, shown at start and at GET /v1/checkstream)" };
        var allowRemote = new Option<bool>("--allow-remote") { Description = "Listen beyond loopback; the API has no key, so put a network policy in front" };
        var command = new Command("sidecar", "Run a local enforcement point: a replica of the registry with the check API and CheckStream")
        {
            registry, service, urls, grpcUrls, allowRemote,
        };
        key.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            string? secret;
            try
            {
                secret = key.Resolve(parse, Environment.GetEnvironmentVariable);
            }
            catch (UsageException ex)
            {
                await Console.Error.WriteLineAsync("heed sidecar: " + ex.Message);
                return 2;
            }

            SidecarOptions options = Bind(parse.GetValue(registry), secret, parse.GetValue(service), parse.GetValue(urls), parse.GetValue(grpcUrls), parse.GetValue(allowRemote));
            IReadOnlyList<string> errors = options.Validate();
            if (errors.Count > 0)
            {
                foreach (string error in errors)
                {
                    await Console.Error.WriteLineAsync("heed sidecar: " + error);
                }

                return 2;
            }

            SidecarHandle handle = SidecarApp.Create(options);
            try
            {
                await handle.App.StartAsync(cancellationToken);
            }
            catch (OptionsValidationException ex)
            {
                foreach (string failure in ex.Failures)
                {
                    await Console.Error.WriteLineAsync("heed sidecar: " + failure);
                }

                return 2;
            }

            Console.WriteLine($"heed sidecar: listening on {handle.Endpoints.HttpUrl} (CheckStream {handle.Endpoints.GrpcUrl}); replicating from {options.Registry} for service '{options.Service}'");
            await handle.App.WaitForShutdownAsync(cancellationToken);
            await handle.App.DisposeAsync();
            return 0;
        });
        return command;
    }

    /// <summary>Flags win; then <c>Heed__…</c> environment variables and appsettings.json; then defaults.</summary>
    internal static SidecarOptions Bind(string? registry, string? key, string? service, string? urls, string? grpcUrls, bool allowRemote)
    {
        IConfiguration config = new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(Directory.GetCurrentDirectory(), "appsettings.json"), optional: true)
            .AddEnvironmentVariables()
            .Build();
        var options = new SidecarOptions();
        config.GetSection("Heed").Bind(options);
        options.Registry = registry ?? options.Registry;
        options.Key = key ?? options.Key;
        options.Service = service ?? options.Service;
        options.Urls = urls ?? options.Urls;
        options.GrpcUrls = grpcUrls ?? options.GrpcUrls;
        options.AllowRemote |= allowRemote;
        return options;
    }
}
