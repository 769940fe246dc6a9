using System.Security.Cryptography;
using System.Text;

namespace Heed.Registry.Keys;

/// <summary>Generating and hashing key secrets. Keys are 32 random bytes; only their SHA-256 is stored.</summary>
public static class KeySecrets
{
    public static string NewSecret() => "heed_" + Base64Url(RandomNumberGenerator.GetBytes(32));

    public static string NewId() => "k_" + Base64Url(RandomNumberGenerator.GetBytes(9));

    public static string Hash(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
