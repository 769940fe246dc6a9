using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Heed.Registry.Hosting;
using Heed.Testing.Cli;
using Heed.Testing.Contracts;
using Heed.Testing.Http;
using Heed.Testing.Network;
using Heed.Testing.Processes;
using Heed.Testing.Temp;

namespace Heed.Cli.Tests.Sidecar;

/// <summary>
/// The check API contract, served by <c>heed sidecar</c> as a real child process, started the way the
/// docs tell a newcomer (the registry's URL and an enforcer key), replicating from a real registry.
/// </summary>
public sealed class SidecarCheckApiTests(SidecarCheckApiTests.SidecarProcessHost host) : CheckApiContract<SidecarCheckApiTests.SidecarProcessHost>(host)
{
    public sealed class SidecarProcessHost : CheckApiHost
    {
        private const string AdminKey = "sidecar-contract-admin-key-0123456789abcdef";
        private static readonly TimeSpan Startup = TimeSpan.FromSeconds(60);
        private readonly TempDirectory _data = TempDirectory.Create();
        private RegistryHandle? _registry;
        private HttpClient? _admin;
        private ChildProcess? _sidecar;
        private HttpClient? _client;
        private long _lsn;

        public override HttpClient Client => _client!;

        public override long AppliedLsn => _lsn;

        public override async ValueTask DisposeAsync()
        {
            _client?.Dispose();
            _admin?.Dispose();

            // The sidecar goes first: a registry stops faster with no replica stream open.
            if (_sidecar is not null)
            {
                await _sidecar.DisposeAsync();
            }

            if (_registry is not null)
            {
                await _registry.App.StopAsync();
                await _registry.App.DisposeAsync();
            }

            _data.Dispose();
        }

        protected override async Task StartAsync()
        {
            _registry = await RegistryApp.CreateAsync(new RegistryOptions { Data = _data.FullPath, Urls = "http://127.0.0.1:0", AdminKey = AdminKey });
            await _registry.App.StartAsync();
            _admin = new HttpClient { BaseAddress = new Uri(_registry.Endpoints.HttpUrl) };
            _admin.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", AdminKey);
            HttpResponseMessage created = await _admin.PostAsJsonAsync("/v1/keys", new { role = "enforcer", name = "contract sidecar" });
            created.EnsureSuccessStatusCode();
            string key = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("key").GetString()!;

            int port = FreePort.Next(1)[0];
            _sidecar = ChildProcess.Start(HeedCli.Command(
                "sidecar", "--registry", _registry.Endpoints.HttpUrl, "--key", key, "--service", "contract", "--urls", $"http://127.0.0.1:{port}"));
            var url = new Uri($"http://127.0.0.1:{port}");
            _client = new HttpClient { BaseAddress = url };
            await WaitFor.HttpOkAsync(new Uri(url, "/readyz"), Startup, _sidecar);
        }

        protected override async Task OptOutAsync(string subject, string purpose)
        {
            HttpResponseMessage response = await _admin!.PutAsync($"/v1/subjects/{subject}/optouts/{purpose}", null);
            response.EnsureSuccessStatusCode();
            JsonElement written = await response.Content.ReadFromJsonAsync<JsonElement>();

            // Acknowledged as enforced: the sidecar, the one leased replica, has applied it.
            written.GetProperty("enforced").GetBoolean().ShouldBeTrue();
            _lsn = written.GetProperty("lsn").GetInt64();
        }
    }
}
