namespace Heed.Registry.Api.Contracts;

public sealed record EnforcementPointView(
    string Id,
    long Session,
    string Kind,
    string Service,
    uint ProtocolVersion,
    string SoftwareVersion,
    long AppliedLsn,
    long Lag,
    bool Connected,
    string Lease,
    long LeaseRemainingMs,
    ulong Grants,
    long Records,
    long TableBytes,
    double? BytesPerRecord);

public sealed record EnforcementPointsResponse(List<EnforcementPointView> EnforcementPoints);

public sealed record ReplicationEndpointResponse(string Grpc, int GrpcPort, uint ProtocolVersion, long LeaseMs, long HeartbeatMs);
