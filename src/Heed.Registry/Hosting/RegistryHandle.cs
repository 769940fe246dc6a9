using Microsoft.AspNetCore.Builder;

namespace Heed.Registry.Hosting;

/// <summary>A built registry, its listeners and, on its very first start without <c>HEED_ADMIN_KEY</c>, the admin key to show once.</summary>
public sealed record RegistryHandle(WebApplication App, string? FirstAdminKey, RegistryEndpoints Endpoints);
