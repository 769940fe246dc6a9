using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Heed.Storage.Audit;

/// <summary>What the C2SP signed-note signer and verifier keys share: the name rule, the Ed25519 algorithm byte
/// (0x01) and the key id, the first 4 bytes of SHA-256(name ‖ 0x0A ‖ 0x01 ‖ public key).</summary>
internal static class NoteKey
{
    public const byte Ed25519 = 0x01;

    /// <summary>A key name is non-empty, has no white space and no '+' (which separates the key's fields).</summary>
    public static bool IsValidName(string name) =>
        name.Length > 0 && !name.Contains('+', StringComparison.Ordinal) && !name.Any(char.IsWhiteSpace) && !name.Any(char.IsSurrogate);

    public static uint Id(string name, ReadOnlySpan<byte> publicKey)
    {
        byte[] prefix = Encoding.UTF8.GetBytes(name);
        var input = new byte[prefix.Length + 2 + publicKey.Length];
        prefix.CopyTo(input, 0);
        input[prefix.Length] = 0x0A;
        input[prefix.Length + 1] = Ed25519;
        publicKey.CopyTo(input.AsSpan(prefix.Length + 2));
        return BinaryPrimitives.ReadUInt32BigEndian(SHA256.HashData(input));
    }

    public static string Hex(uint id) => id.ToString("x8", CultureInfo.InvariantCulture);

    /// <summary>Reads <c>name+hexid+base64(0x01 ‖ 32 bytes)</c>, the tail of both key encodings (split on its first
    /// two '+' only: base64 has '+' of its own).</summary>
    public static bool TryParse(string[] parts, int at, out string name, out uint id, out byte[] key)
    {
        name = parts[at];
        id = 0;
        key = [];
        if (!IsValidName(name) || parts[at + 1].Length != 8
            || !uint.TryParse(parts[at + 1], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out id))
        {
            return false;
        }

        byte[] blob;
        try
        {
            blob = Convert.FromBase64String(parts[at + 2]);
        }
        catch (FormatException)
        {
            return false;
        }

        if (blob.Length != 33 || blob[0] != Ed25519)
        {
            return false;
        }

        key = blob[1..];
        return true;
    }

    public static string Encode(string name, uint id, ReadOnlySpan<byte> key)
    {
        var blob = new byte[1 + key.Length];
        blob[0] = Ed25519;
        key.CopyTo(blob.AsSpan(1));
        return $"{name}+{Hex(id)}+{Convert.ToBase64String(blob)}";
    }
}
