using Heed.Client;
using Heed.Protocol;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Heed.System.Tests.Replication;

/// <summary>An in-process SDK replica of a registry, hosted as an application would host it.</summary>
internal static class SdkReplica
{
    public static async Task<IHost> StartAsync(string grpcUrl, string key, string service)
    {
        HostApplicationBuilder builder = Host.CreateApplicationBuilder();
        builder.Services.AddHeed(o =>
        {
            o.RegistryUrl = grpcUrl;
            o.Key = key;
            o.Service = service;
            o.Kind = ReplicaKinds.Sdk;
        });
        IHost host = builder.Build();
        await host.StartAsync();
        return host;
    }
}
