namespace Heed.Gate.Configuration;

/// <summary>
/// Validation of bearer JWTs for <c>claim:</c> subjects. A token whose signature, lifetime, issuer or
/// audience does not check out yields no subject (the request then fails closed).
/// </summary>
public sealed class JwtOptions
{
    /// <summary>The required <c>iss</c>.</summary>
    public string? Issuer { get; set; }

    /// <summary>The required <c>aud</c>.</summary>
    public string? Audience { get; set; }

    /// <summary>An HS256 secret as UTF-8 text, at least 32 bytes.</summary>
    public string? SigningKey { get; set; }

    /// <summary>An RSA public key (PEM, <c>-----BEGIN PUBLIC KEY-----</c>) for RS256.</summary>
    public string? RsaPublicKeyPem { get; set; }

    /// <summary>Clock skew allowed on <c>exp</c>/<c>nbf</c>.</summary>
    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>True when at least one signing key is configured.</summary>
    public bool IsConfigured => !string.IsNullOrEmpty(SigningKey) || !string.IsNullOrEmpty(RsaPublicKeyPem);
}
