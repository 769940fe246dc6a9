using Microsoft.AspNetCore.Builder;

namespace Heed.Cli.Sidecar;

/// <summary>A built sidecar and its listeners.</summary>
public sealed record SidecarHandle(WebApplication App, SidecarEndpoints Endpoints);
