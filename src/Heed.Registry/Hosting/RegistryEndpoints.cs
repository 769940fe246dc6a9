using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Heed.Registry.Hosting;

/// <summary>The registry's two listeners; after start their bound ports are known (port 0 in tests).</summary>
public sealed class RegistryEndpoints
{
    internal (ListenAddress Address, ListenOptions Options) Http { get; set; }

    internal (ListenAddress Address, ListenOptions Options) Grpc { get; set; }

    /// <summary>The HTTP API's address, e.g. <c>http://127.0.0.1:8080</c>.</summary>
    public string HttpUrl => Http.Address.WithPort(Http.Options.IPEndPoint?.Port ?? Http.Address.Port);

    /// <summary>The replication (gRPC) address, e.g. <c>http://127.0.0.1:40123</c>.</summary>
    public string GrpcUrl => Grpc.Address.WithPort(Grpc.Options.IPEndPoint?.Port ?? Grpc.Address.Port);

    public int GrpcPort => Grpc.Options.IPEndPoint?.Port ?? Grpc.Address.Port;
}
