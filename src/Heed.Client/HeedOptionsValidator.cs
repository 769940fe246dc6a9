using Heed.Protocol;
using Microsoft.Extensions.Options;

namespace Heed.Client;

/// <summary>Checks every setting and reports all problems at once, so one restart fixes them all.</summary>
internal sealed class HeedOptionsValidator : IValidateOptions<HeedOptions>
{
    private static readonly string[] Kinds = [ReplicaKinds.Sdk, ReplicaKinds.Sidecar, ReplicaKinds.Gate, ReplicaKinds.Relay];

    public ValidateOptionsResult Validate(string? name, HeedOptions options)
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(options.RegistryUrl))
        {
            errors.Add("Heed: RegistryUrl is required (the registry's address, e.g. http://127.0.0.1:8080)");
        }
        else if (!Uri.TryCreate(options.RegistryUrl, UriKind.Absolute, out Uri? uri) || uri.Scheme is not ("http" or "https"))
        {
            errors.Add($"Heed: RegistryUrl '{options.RegistryUrl}' is not an http:// or https:// address");
        }

        if (string.IsNullOrWhiteSpace(options.Key))
        {
            errors.Add("Heed: Key is required (an API key with the enforcer role)");
        }
        else if (options.Key.Any(char.IsControl) || options.Key.Trim().Length != options.Key.Length)
        {
            errors.Add("Heed: Key must not contain control characters or surrounding spaces");
        }

        if (options.Service is { } service && (string.IsNullOrWhiteSpace(service) || service.Length > 128 || service.Any(char.IsControl)))
        {
            errors.Add("Heed: Service must be 1 to 128 characters with no control characters");
        }

        if (!Kinds.Contains(options.Kind))
        {
            errors.Add($"Heed: Kind '{options.Kind}' is not one of: {string.Join(", ", Kinds)}");
        }

        if (string.IsNullOrWhiteSpace(options.ReplicaId) || options.ReplicaId.Length > 128)
        {
            errors.Add("Heed: ReplicaId must be 1 to 128 characters");
        }

        if (!(options.DriftMargin >= 0.0 && options.DriftMargin <= 0.5))
        {
            errors.Add($"Heed: DriftMargin must be between 0 and 0.5, not {options.DriftMargin}");
        }

        if (options.TokenWait < TimeSpan.Zero || options.TokenWait > TimeSpan.FromSeconds(10))
        {
            errors.Add("Heed: TokenWait must be between 0 and 10 s");
        }

        if (options.ReconnectDelay < TimeSpan.Zero)
        {
            errors.Add("Heed: ReconnectDelay must not be negative");
        }

        if (options.MaxReconnectDelay < options.ReconnectDelay || options.MaxReconnectDelay > TimeSpan.FromMinutes(5))
        {
            errors.Add("Heed: MaxReconnectDelay must be at least ReconnectDelay and at most 5 min");
        }

        if (options.RefusedRetryDelay < options.MaxReconnectDelay)
        {
            errors.Add("Heed: RefusedRetryDelay must be at least MaxReconnectDelay");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
