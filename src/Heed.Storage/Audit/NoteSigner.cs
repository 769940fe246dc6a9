using System.Buffers.Binary;
using System.Text;
using NSec.Cryptography;

namespace Heed.Storage.Audit;

/// <summary>
/// Signs C2SP signed notes with an Ed25519 key. Its key encoding is
/// <c>PRIVATE+KEY+name+hexid+base64(0x01 ‖ 32-byte seed)</c>, and <see cref="VerifierKey"/> is the matching
/// <c>name+hexid+base64(0x01 ‖ public key)</c> that <see cref="NoteVerifier"/> reads.
/// </summary>
public sealed class NoteSigner : IDisposable
{
    private const string Prefix = "PRIVATE+KEY+";
    private readonly Key _key;

    private NoteSigner(string name, Key key)
    {
        Name = name;
        _key = key;
        byte[] publicKey = key.PublicKey.Export(KeyBlobFormat.RawPublicKey);
        KeyId = NoteKey.Id(name, publicKey);
        VerifierKey = NoteKey.Encode(name, KeyId, publicKey);
    }

    public string Name { get; }

    public uint KeyId { get; }

    /// <summary>The verifier key in note format: <c>name+hexid+base64</c>.</summary>
    public string VerifierKey { get; }

    /// <summary>A new random key named <paramref name="name"/>.</summary>
    public static NoteSigner Generate(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (!NoteKey.IsValidName(name))
        {
            throw new ArgumentException($"'{name}' is not a note key name: it must be non-empty, without spaces or '+'", nameof(name));
        }

        return new NoteSigner(name, Key.Create(SignatureAlgorithm.Ed25519, new KeyCreationParameters { ExportPolicy = KeyExportPolicies.AllowPlaintextExport }));
    }

    /// <summary>Reads a signer key (<c>PRIVATE+KEY+name+hexid+base64</c>).</summary>
    /// <exception cref="FormatException">It is not one, or its id does not match its name and key.</exception>
    public static NoteSigner Parse(string signerKey)
    {
        ArgumentNullException.ThrowIfNull(signerKey);
        string[] parts = signerKey.Trim().Split('+', 5);
        if (parts.Length != 5 || !signerKey.Trim().StartsWith(Prefix, StringComparison.Ordinal)
            || !NoteKey.TryParse(parts, 2, out string name, out uint id, out byte[] seed))
        {
            throw new FormatException("not a signer key: expected PRIVATE+KEY+name+hexid+base64(0x01 || 32-byte Ed25519 seed)");
        }

        var key = Key.Import(SignatureAlgorithm.Ed25519, seed, KeyBlobFormat.RawPrivateKey, new KeyCreationParameters { ExportPolicy = KeyExportPolicies.AllowPlaintextExport });
        var signer = new NoteSigner(name, key);
        if (signer.KeyId != id)
        {
            signer.Dispose();
            throw new FormatException($"the signer key's id {NoteKey.Hex(id)} does not match its name and key ({NoteKey.Hex(signer.KeyId)})");
        }

        return signer;
    }

    /// <summary>The signer key encoding, secret included: keep it where only its owner can read it.</summary>
    public string ExportSignerKey() => Prefix + NoteKey.Encode(Name, KeyId, _key.Export(KeyBlobFormat.RawPrivateKey));

    /// <summary>Signs <paramref name="text"/> (non-empty, every line ending in a newline) and returns the note:
    /// the text, a blank line and the line <c>— name base64(keyid ‖ signature)</c>.</summary>
    public string Sign(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (!NoteText.IsValid(text))
        {
            throw new ArgumentException("a note's text must be non-empty, end in a newline and hold no other control characters", nameof(text));
        }

        return text + "\n" + SignatureLine(text);
    }

    /// <summary>Just the signature line, ending in a newline.</summary>
    public string SignatureLine(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var blob = new byte[4 + SignatureAlgorithm.Ed25519.SignatureSize];
        BinaryPrimitives.WriteUInt32BigEndian(blob, KeyId);
        SignatureAlgorithm.Ed25519.Sign(_key, Encoding.UTF8.GetBytes(text), blob.AsSpan(4));
        return $"{NoteText.Dash} {Name} {Convert.ToBase64String(blob)}\n";
    }

    public void Dispose() => _key.Dispose();
}
