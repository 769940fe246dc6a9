using System.Net.Http.Json;
using System.Text.Json;
using Heed.Registry.Keys;
using Heed.Registry.Tests.Infrastructure;
using Heed.Testing.Contracts;

namespace Heed.Registry.Tests.Api;

/// <summary>The check API contract, served by the registry over its own state, with an enforcer's key.</summary>
public sealed class RegistryCheckApiTests(RegistryCheckApiTests.RegistryHost host) : CheckApiContract<RegistryCheckApiTests.RegistryHost>(host)
{
    public sealed class RegistryHost : CheckApiHost
    {
        private RegistryServer? _server;
        private HttpClient? _enforcer;
        private HttpClient? _admin;
        private long _lsn;

        public override HttpClient Client => _enforcer!;

        public override long AppliedLsn => _lsn;

        public override async ValueTask DisposeAsync()
        {
            _enforcer?.Dispose();
            _admin?.Dispose();
            if (_server is not null)
            {
                await _server.DisposeAsync();
            }
        }

        protected override async Task StartAsync()
        {
            _server = await RegistryServer.StartAsync();
            _enforcer = await _server.ClientAsync(Roles.Enforcer);
            _admin = _server.WithKey(_server.AdminKey);
        }

        protected override async Task OptOutAsync(string subject, string purpose)
        {
            HttpResponseMessage response = await _admin!.PutAsync($"/v1/subjects/{subject}/optouts/{purpose}", null);
            response.EnsureSuccessStatusCode();
            _lsn = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("lsn").GetInt64();
        }
    }
}
