using System.CommandLine;
using Heed.Registry.Hosting;
using Heed.Storage.DataDirectory;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;

namespace Heed.Cli.Serve;

/// <summary><c>heed serve</c>: the registry. With no flags it runs on SQLite under <c>./heed-data</c>.</summary>
public static class ServeCommand
{
    public static Command Create()
    {
        var data = new Option<string?>("--data") { Description = "Directory of the embedded store (default ./heed-data)" };
        var store = new Option<string?>("--store") { Description = "sqlite (default) or postgres" };
        var connection = new Option<string?>("--connection") { Description = "Connection string, for --store postgres" };
        var urls = new Option<string?>("--urls") { Description = "Where the HTTP API listens (default http://127.0.0.1:8080)" };
        var grpcUrls = new Option<string?>("--grpc-urls") { Description = "Where replicas connect over gRPC (default: a free port on the host of --urls, advertised at GET /v1/replication)" };
        var command = new Command("serve", "Run the registry: ledger, state, leases and the HTTP API") { data, store, connection, urls, grpcUrls };
        command.SetAction(async (parse, cancellationToken) =>
        {
            RegistryOptions options = Bind(parse.GetValue(data), parse.GetValue(store), parse.GetValue(connection), parse.GetValue(urls), parse.GetValue(grpcUrls));
            RegistryHandle handle;
            try
            {
                handle = await RegistryApp.CreateAsync(options, cancellationToken: cancellationToken);
            }
            catch (RegistryConfigurationException ex)
            {
                foreach (string error in ex.Errors)
                {
                    await Console.Error.WriteLineAsync("heed serve: " + error);
                }

                return 2;
            }
            catch (DataDirectoryInUseException ex)
            {
                await Console.Error.WriteLineAsync("heed serve: " + ex.Message);
                return 1;
            }

            if (handle.FirstAdminKeyFile is { } keyFile)
            {
                // The path only: console output ends up in log capture, so the key itself never goes there.
                Console.WriteLine($"First start: created an admin key in {keyFile} (mode 0600). Use it with HEED_KEY=$(cat {keyFile}) or --key-file {keyFile}.");
            }

            await handle.App.StartAsync(cancellationToken);
            Console.WriteLine($"heed serve: listening on {handle.Endpoints.HttpUrl} (replication {handle.Endpoints.GrpcUrl}; store {options.Store}, data {Path.GetFullPath(options.Data)})");
            await handle.App.WaitForShutdownAsync(cancellationToken);
            await handle.App.DisposeAsync();
            return 0;
        });
        return command;
    }

    /// <summary>Flags win; then <c>Heed__…</c> environment variables and appsettings.json; then defaults.</summary>
    internal static RegistryOptions Bind(string? data, string? store, string? connection, string? urls, string? grpcUrls)
    {
        IConfiguration config = new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(Directory.GetCurrentDirectory(), "appsettings.json"), optional: true)
            .AddEnvironmentVariables()
            .Build();
        var options = new RegistryOptions();
        config.GetSection("Heed").Bind(options);
        options.Data = data ?? options.Data;
        options.Store = store ?? options.Store;
        options.Connection = connection ?? options.Connection;
        options.Urls = urls ?? options.Urls;
        options.GrpcUrls = grpcUrls ?? options.GrpcUrls;
        options.AdminKey ??= Environment.GetEnvironmentVariable("HEED_ADMIN_KEY");
        return options;
    }
}
