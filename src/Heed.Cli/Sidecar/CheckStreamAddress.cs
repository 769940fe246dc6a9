namespace Heed.Cli.Sidecar;

/// <summary><c>GET /v1/checkstream</c>: where the sidecar's CheckStream (gRPC) listens, since by default
/// the kernel picks the port.</summary>
/// <param name="Grpc">The address, e.g. <c>http://127.0.0.1:40123</c>.</param>
/// <param name="GrpcPort">Its port.</param>
public sealed record CheckStreamAddress(string Grpc, int GrpcPort);
