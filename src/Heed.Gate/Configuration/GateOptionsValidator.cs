using System.Security.Cryptography;
using System.Text;

namespace Heed.Gate.Configuration;

/// <summary>Checks <see cref="GateOptions"/>, returning every error at once.</summary>
public static class GateOptionsValidator
{
    public static List<string> Validate(GateOptions options)
    {
        var errors = new List<string>();
        RequireUrl(options.RegistryUrl, "--registry (Heed:RegistryUrl), the registry's HTTP address", errors);
        RequireUrl(options.RegistryHttp, "--registry-http (Heed:RegistryHttp, by default --registry), the registry's HTTP API", errors);
        RequireUrl(options.Urls, "--urls (Heed:Urls)", errors);
        if (string.IsNullOrWhiteSpace(options.Key))
        {
            errors.Add("an enforcer key is required: --key-file PATH, HEED_KEY or Heed:Key");
        }

        if (string.IsNullOrWhiteSpace(options.WriterKey))
        {
            errors.Add("a recorder key is required, to record Global Privacy Control opt-outs: --writer-key-file PATH, HEED_WRITER_KEY or Heed:WriterKey");
        }

        if (options.JsonBodyLimit is < 1 or > 16 * 1024 * 1024)
        {
            errors.Add($"Heed:JsonBodyLimit must be between 1 and 16777216 bytes, not {options.JsonBodyLimit}");
        }

        if (options.GpcWriteTimeout <= TimeSpan.Zero || options.GpcCacheTtl <= TimeSpan.Zero || options.GpcCacheSize < 1)
        {
            errors.Add("Heed:GpcWriteTimeout, Heed:GpcCacheTtl and Heed:GpcCacheSize must be positive");
        }

        if (!DateOnly.TryParseExact(options.GpcLastUpdate, "yyyy-MM-dd", out _))
        {
            errors.Add($"Heed:GpcLastUpdate must be a date YYYY-MM-DD, not '{options.GpcLastUpdate}'");
        }

        ValidateJwt(options.Jwt, errors);
        return errors;
    }

    private static void ValidateJwt(JwtOptions jwt, List<string> errors)
    {
        if (!jwt.IsConfigured)
        {
            return;
        }

        if (string.IsNullOrWhiteSpace(jwt.Issuer) || string.IsNullOrWhiteSpace(jwt.Audience))
        {
            errors.Add("Heed:Jwt:Issuer and Heed:Jwt:Audience are required when a signing key is configured");
        }

        if (!string.IsNullOrEmpty(jwt.SigningKey) && Encoding.UTF8.GetByteCount(jwt.SigningKey) < 32)
        {
            errors.Add("Heed:Jwt:SigningKey must be at least 32 bytes (HS256)");
        }

        if (!string.IsNullOrEmpty(jwt.RsaPublicKeyPem))
        {
            try
            {
                using var rsa = RSA.Create();
                rsa.ImportFromPem(jwt.RsaPublicKeyPem);
            }
            catch (ArgumentException)
            {
                errors.Add("Heed:Jwt:RsaPublicKeyPem is not a PEM RSA public key");
            }
            catch (CryptographicException)
            {
                errors.Add("Heed:Jwt:RsaPublicKeyPem is not a PEM RSA public key");
            }
        }
    }

    private static void RequireUrl(string? value, string what, List<string> errors)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            errors.Add(what + " is required");
        }
        else if (!Uri.TryCreate(value, UriKind.Absolute, out Uri? uri) || (uri.Scheme != "http" && uri.Scheme != "https"))
        {
            errors.Add($"{what} must be an http(s) URL, not '{value}'");
        }
    }
}
