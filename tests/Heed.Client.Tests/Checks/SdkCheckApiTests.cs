using Heed.Client.Enforcement;
using Heed.Client.Tests.Infrastructure;
using Heed.Testing.Contracts;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace Heed.Client.Tests.Checks;

/// <summary>The check API contract, served by <c>MapHeedCheckEndpoints</c> over a hand-filled replica on real Kestrel.</summary>
public sealed class SdkCheckApiTests(SdkCheckApiTests.SdkHost host) : CheckApiContract<SdkCheckApiTests.SdkHost>(host)
{
    public sealed class SdkHost : CheckApiHost
    {
        private readonly HeedEnforcer _enforcer = TestReplica.Create();
        private TestWebApp? _app;
        private HttpClient? _client;

        public override HttpClient Client => _client!;

        public override long AppliedLsn => _enforcer.AppliedLsn;

        public override async ValueTask DisposeAsync()
        {
            _client?.Dispose();
            if (_app is not null)
            {
                await _app.DisposeAsync();
            }
        }

        protected override async Task StartAsync()
        {
            _app = await TestWebApp.StartAsync(
                b =>
                {
                    b.Services.AddSingleton<IHeedEnforcer>(_enforcer);
                    b.Services.AddProblemDetails();
                },
                a => a.MapHeedCheckEndpoints());
            _client = _app.CreateClient();
        }

        protected override Task OptOutAsync(string subject, string purpose)
        {
            TestReplica.OptOut(_enforcer, subject, purpose);
            _enforcer.MarkApplied(_enforcer.AppliedLsn + 1);
            return Task.CompletedTask;
        }
    }
}
