namespace Heed.Client.Replication;

/// <summary>
/// What <see cref="RegistryAddressResolver"/> found at the address the user gave: where the replication
/// stream listens, or, when the address is something other than a registry, what it is instead.
/// </summary>
/// <param name="Grpc">The replication (gRPC) address, or null when <paramref name="NotARegistry"/> says why not.</param>
/// <param name="NotARegistry">What the address answered instead of the registry's discovery document.</param>
internal sealed record RegistryAddress(Uri? Grpc, string? NotARegistry)
{
    public static RegistryAddress Found(Uri grpc) => new(grpc, null);

    public static RegistryAddress Wrong(string found) => new(null, found);
}
