using Heed.Registry.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Heed.Cli.Sidecar;

/// <summary>The sidecar's two listeners; after start their bound ports are known (port 0 in tests).</summary>
public sealed class SidecarEndpoints
{
    internal (ListenAddress Address, ListenOptions Options) Http { get; set; }

    internal (ListenAddress Address, ListenOptions Options) Grpc { get; set; }

    /// <summary>The HTTP check API, e.g. <c>http://127.0.0.1:8181</c>.</summary>
    public string HttpUrl => Http.Address.WithPort(Http.Options.IPEndPoint?.Port ?? Http.Address.Port);

    /// <summary>The CheckStream (gRPC) address, e.g. <c>http://127.0.0.1:40123</c>.</summary>
    public string GrpcUrl => Grpc.Address.WithPort(GrpcPort);

    /// <summary>The CheckStream port actually bound.</summary>
    public int GrpcPort => Grpc.Options.IPEndPoint?.Port ?? Grpc.Address.Port;
}
