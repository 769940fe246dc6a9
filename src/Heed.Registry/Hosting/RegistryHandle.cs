using Microsoft.AspNetCore.Builder;

namespace Heed.Registry.Hosting;

/// <summary>
/// A built registry and its listeners. On its very first start without <c>HEED_ADMIN_KEY</c>,
/// <see cref="FirstAdminKeyFile"/> is the file (mode 0600) holding the admin key it created.
/// </summary>
public sealed record RegistryHandle(WebApplication App, string? FirstAdminKeyFile, RegistryEndpoints Endpoints);
