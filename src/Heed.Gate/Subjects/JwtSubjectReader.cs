using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Heed.Gate.Configuration;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Heed.Gate.Subjects;

/// <summary>
/// Reads a claim of the request's bearer JWT after validating signature, lifetime, issuer and audience
/// against the configured keys. Any failure yields no subject, never an unverified one.
/// </summary>
public sealed class JwtSubjectReader
{
    private const int MaxTokenLength = 16 * 1024;
    private readonly JsonWebTokenHandler _handler = new() { MapInboundClaims = false };
    private readonly TokenValidationParameters? _parameters;

    public JwtSubjectReader(IOptions<GateOptions> options)
    {
        JwtOptions jwt = options.Value.Jwt;
        if (!jwt.IsConfigured)
        {
            return;
        }

        var keys = new List<SecurityKey>();
        if (!string.IsNullOrEmpty(jwt.SigningKey))
        {
            keys.Add(new SymmetricSecurityKey(Encoding.UTF8.GetBytes(jwt.SigningKey)));
        }

        if (!string.IsNullOrEmpty(jwt.RsaPublicKeyPem))
        {
            // The RSA object lives as long as the reader (a singleton), as the key references it.
            var rsa = RSA.Create();
            rsa.ImportFromPem(jwt.RsaPublicKeyPem);
            keys.Add(new RsaSecurityKey(rsa));
        }

        _parameters = new TokenValidationParameters
        {
            ValidIssuer = jwt.Issuer,
            ValidAudience = jwt.Audience,
            IssuerSigningKeys = keys,
            ValidAlgorithms = [SecurityAlgorithms.HmacSha256, SecurityAlgorithms.RsaSha256],
            RequireSignedTokens = true,
            RequireExpirationTime = true,
            ValidateIssuerSigningKey = true,
            ClockSkew = jwt.ClockSkew,
        };
    }

    public async ValueTask<string?> ReadClaimAsync(HttpContext context, string claim)
    {
        if (_parameters is null)
        {
            return null;
        }

        string? authorization = context.Request.Headers.Authorization.Count == 1 ? context.Request.Headers.Authorization[0] : null;
        if (authorization is null || !authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) || authorization.Length > MaxTokenLength)
        {
            return null;
        }

        TokenValidationResult result = await _handler.ValidateTokenAsync(authorization[7..].Trim(), _parameters);
        if (!result.IsValid || !result.Claims.TryGetValue(claim, out object? value))
        {
            return null;
        }

        return value switch
        {
            string s => s,
            IConvertible c and not bool => c.ToString(CultureInfo.InvariantCulture),
            _ => null,
        };
    }
}
